from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.db.models import BillItem, Role
from bot.importer.dates import default_due_date, parse_date, parse_paid_at, parse_period
from bot.importer.unit_labels import building_of, unit_from_parts, unit_from_text
from bot.importer.values import parse_area, parse_phone, parse_yuan_fen
from bot.importer.vocab import parse_channel, parse_item, parse_role


@pytest.mark.parametrize(("text", "fen"), [
    ("300", 30000), ("217.5", 21750), ("217.55", 21755), ("¥1,234.50", 123450), ("￥ 99 元", 9900), ("0", 0),
    ("10,000,000", 1_000_000_000), ("１２.３", 1230),
])
def test_amounts_become_fen(text, fen):
    assert parse_yuan_fen(text) == fen


@pytest.mark.parametrize(("text", "problem"), [
    ("12,3a", "不是有效金额"), ("1.234", "不是有效金额"), ("12,30", "不是有效金额"), ("abc", "不是有效金额"),
    ("-5", "负数"), ("¥-5.00", "负数"), ("10000000.01", "不像真实金额"), ("99999999999", "不像真实金额"),
])
def test_bad_amounts(text, problem):
    with pytest.raises(ValueError, match=problem) as raised:
        parse_yuan_fen(text)
    assert f"'{text}'" in str(raised.value)


def test_areas():
    assert parse_area("89.5㎡") == Decimal("89.5")
    assert parse_area("120 平方米") == Decimal("120")
    for bad in ("八十", "-3", "1.234", "200000"):
        with pytest.raises(ValueError):
            parse_area(bad)


def test_phones():
    assert parse_phone("138 0013 8000") == "13800138000"
    assert parse_phone("+86 138-0013-8000") == "13800138000"
    for bad in ("1380013800", "010-12345678", "23800138000", "1.38001E+10"):
        with pytest.raises(ValueError, match="11位手机号"):
            parse_phone(bad)


@pytest.mark.parametrize("text", ["2026-01", "2026/1", "2026年1月", "202601", "2026.01", "2026-01-01",
                                  "2026-01-01 00:00:00"])
def test_periods(text):
    assert parse_period(text) == date(2026, 1, 1)


@pytest.mark.parametrize("text", ["2026-13", "1月", "2026-01-15", "26-01", "abc"])
def test_bad_periods(text):
    with pytest.raises(ValueError, match="账期"):
        parse_period(text)


@pytest.mark.parametrize("text", ["2026-02-15", "2026/2/15", "2026.2.15", "2026年2月15日", "20260215"])
def test_dates(text):
    assert parse_date(text) == date(2026, 2, 15)


@pytest.mark.parametrize("text", ["2026-02-30", "15/02/2026", "明天", "1926-02-15"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_payment_times_are_beijing_time_stored_as_utc():
    assert parse_paid_at("2026-02-03 14:05") == datetime(2026, 2, 3, 6, 5, tzinfo=UTC)
    # Date only: noon Beijing time, which is the same calendar day in UTC.
    assert parse_paid_at("2026-02-03") == datetime(2026, 2, 3, 4, 0, tzinfo=UTC)


def test_default_due_date_is_the_15th_of_the_next_month():
    assert default_due_date(date(2026, 1, 1)) == date(2026, 2, 15)
    assert default_due_date(date(2026, 12, 1)) == date(2027, 1, 15)


def test_words():
    assert parse_item("物业管理费") is BillItem.PROPERTY_FEE
    assert parse_item("车位费") is BillItem.PARKING_FEE
    assert parse_item("公摊费") is BillItem.SHARED_UTILITIES
    assert parse_role("家庭成员") is Role.FAMILY
    assert parse_role("租客") is Role.TENANT
    assert parse_channel("微信支付") == "wechat"
    assert parse_channel("工行代扣") == "工行代扣"
    with pytest.raises(ValueError, match="收费项目"):
        parse_item("水费")


def test_unit_labels():
    assert unit_from_text("3-2-1502") == "3栋2单元1502"
    assert unit_from_parts("3", "2", "1502") == "3栋2单元1502"
    assert unit_from_parts("3号楼", "2单元", "1502室") == "3栋2单元1502"
    assert unit_from_parts("a", "", "0801") == "A座0801"
    assert unit_from_parts("3栋", "", "2-1502") == "3栋2单元1502"
    assert unit_from_parts("3", "", "3-2-1502") == "3栋2单元1502"
    assert building_of("3栋2单元1502") == "3栋"
    assert building_of("A座0801") == "A座"
    with pytest.raises(ValueError, match="房号"):
        unit_from_text("1502")
