"""Pure rules added with owner data: names, who may see bills, the category menu."""

import re

import pytest

from bot.domain.grievance_rules import MENU, category_from_answer
from bot.domain.identity import given_name, may_view_statement
from tests.support import load_domain


@pytest.mark.parametrize("text, name", [("张伟", "张伟"), ("我叫张伟", "张伟"), ("业主是李娜", "李娜"),
                                        ("  王 芳 。", "王芳"), ("Zhang Wei", "zhangwei")])
def test_given_name(text, name):
    assert given_name(text) == name


@pytest.mark.parametrize("text", ["", "张", "1502", "我叫张伟5678", "x" * 30])
def test_not_a_name(text):
    assert given_name(text) is None


def test_only_the_owner_sees_bills():
    assert may_view_statement("owner")
    assert not may_view_statement("family") and not may_view_statement("tenant")


@pytest.mark.parametrize("answer, key", [("1", "leak"), ("２", "elevator"), ("10", "other"), ("第4个", "cleaning"),
                                         ("保洁卫生", "cleaning"), ("噪音", "noise"), ("停车的事", "parking")])
def test_category_answers(answer, key):
    assert category_from_answer(answer).key == key


@pytest.mark.parametrize("answer", ["0", "11", "99", "不知道啊", ""])
def test_unreadable_category_answers(answer):
    assert category_from_answer(answer) is None


def test_the_menu_the_owner_reads_is_the_menu_the_bot_parses():
    text = load_domain()["responses"]["utter_ask_grievance_category"][0]["text"]
    shown = re.findall(r"(\d+) (\S+)", text)
    assert [(int(n), name) for n, name in shown] == [(i + 1, c.name) for i, c in enumerate(MENU)]
