"""Whole conversations through the real Rasa server and action server over a real company database."""

import re

import pytest

pytestmark = pytest.mark.integration


def test_an_owner_asks_the_balance_binds_and_gets_the_answer(say):
    owner = "wx:it-journey-zhang"
    replies = say(owner, "我家欠了多少物业费")
    assert any("房号" in text for text in replies), replies
    assert any("姓名" in text for text in say(owner, "3栋2单元1502"))
    assert any("后四位" in text for text in say(owner, "张伟"))
    replies = say(owner, "5678")
    joined = "\n".join(replies)
    assert "核对通过" in joined and "5栋1单元301" in joined
    assert "待缴合计：900.00元" in joined and "999.99" not in joined  # never 李娜's bill


def test_wrong_details_are_refused_without_saying_which(say):
    owner = "wx:it-journey-stranger"
    say(owner, "我要绑定房子")
    say(owner, "3栋2单元1502")
    say(owner, "张伟")
    replies = say(owner, "0000")
    joined = "\n".join(replies)
    assert "对不上" in joined and "再试 2 次" in joined
    assert not re.search(r"\d+\.\d\d元", joined)


def test_a_report_becomes_a_ticket_and_its_status_can_be_asked(say):
    owner = "wx:it-journey-ticket"
    say(owner, "楼上漏水到我家了")
    replies = say(owner, "12号楼801卫生间")
    ticket = re.search(r"GR\d{8}-\d{4}", "\n".join(replies))
    assert ticket, replies
    replies = say(owner, "我上次报修的漏水处理得怎么样了")
    assert any(ticket.group(0) in text for text in replies), replies
