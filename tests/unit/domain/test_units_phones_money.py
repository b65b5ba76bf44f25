import pytest

from bot.domain.money import format_fen, parse_amount_fen
from bot.domain.phones import find_mobile, last_four_digits, mask_phone
from bot.domain.units import normalize_unit


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("3栋2单元1502", "3栋2单元1502"),
        ("我是3号楼2单元1502室的业主", "3栋2单元1502"),
        ("3-2-1502", "3栋2单元1502"),
        ("12号楼801", "12栋801"),
        ("8栋302", "8栋302"),
        ("8幢 302", "8栋302"),
        ("a座2103", "A座2103"),
        ("５号楼３单元５０２室", "5栋3单元502"),
        ("03栋1502", "3栋1502"),
    ],
)
def test_units_normalise_to_one_form(text, canonical):
    assert normalize_unit(text) == canonical


@pytest.mark.parametrize("text", ["", "hello", "1502", "3栋", "我家楼上漏水"])
def test_no_unit_gives_none(text):
    assert normalize_unit(text) is None


def test_phones_are_found_and_always_masked():
    assert find_mobile("我手机13812345678") == "13812345678"
    assert find_mobile("138123456789") is None
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("123") == "***"


@pytest.mark.parametrize(("text", "fen"), [("300元", 30000), ("99.5块", 9950), ("1500块钱", 150000), ("0.01元", 1)])
def test_amounts_are_integer_fen(text, fen):
    assert parse_amount_fen(text) == fen


def test_format_fen():
    assert format_fen(123456) == "1,234.56元"
    assert format_fen(-500) == "-5.00元"
    assert parse_amount_fen("没有钱") is None


def test_last_four_digits_or_a_whole_mobile_number():
    assert last_four_digits("5678") == "5678"
    assert last_four_digits("尾号５６７８") == "5678"
    assert last_four_digits("138 1234 5678") == "5678"
    assert last_four_digits("567") is None and last_four_digits("123456") is None
