from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.db.models import BillItem, Role, UnitKind
from bot.importer.dates import default_due_date, parse_date, parse_month, parse_paid_at, parse_period, period_range
from bot.importer.unit_labels import building_of, canonical_phase, unit_from_parts, unit_from_text
from bot.importer.values import Repair, parse_area, parse_phone, parse_reference, parse_yuan_fen
from bot.importer.vocab import ItemHow, ItemResolver, parse_channel, parse_role


@pytest.mark.parametrize(("value", "fen"), [
    ("300", 30000), ("217.5", 21750), ("217.55", 21755), ("¥1,234.50", 123450), ("￥ 99 元", 9900), ("0", 0),
    ("10,000,000", 1_000_000_000), ("１２.３", 1230), (217.50000000000003, 21750), (1140.0, 114000), (300, 30000),
    ("12.500", 1250),
])
def test_amounts_become_fen(value, fen):
    assert parse_yuan_fen(value) == fen


@pytest.mark.parametrize(("text", "problem"), [
    ("12,3a", "不是有效金额"), ("1.234", "不是有效金额"), ("12,30", "不是有效金额"), ("abc", "不是有效金额"),
    ("-5", "负数"), ("¥-5.00", "负数"), ("10000000.01", "不像真实金额"), ("99999999999", "不像真实金额"),
    ("1.2E+03", "科学计数法"),
])
def test_bad_amounts(text, problem):
    with pytest.raises(ValueError, match=problem) as raised:
        parse_yuan_fen(text)
    assert f"'{text}'" in str(raised.value)


def test_areas():
    assert parse_area("89.5㎡") == Decimal("89.50")
    assert parse_area("120 平方米") == Decimal("120.00")
    assert parse_area(97.6) == Decimal("97.60")
    for bad in ("八十", "-3", "200000"):
        with pytest.raises(ValueError):
            parse_area(bad)


@pytest.mark.parametrize(("value", "phone", "repair"), [
    ("138 0013 8000", "13800138000", None), ("+86 138-0013-8000", "13800138000", None),
    (13800138000, "13800138000", Repair.NUMBER_AS_TEXT), (13800138000.0, "13800138000", Repair.NUMBER_AS_TEXT),
    ("13800138000.0", "13800138000", Repair.NUMBER_AS_TEXT), ("010-62345678", "01062345678", None),
    ("0571-88886666", "057188886666", None), ("13800138000/13900139000", "13800138000", Repair.MANY_PHONES),
])
def test_phones_including_what_excel_did_to_them(value, phone, repair):
    assert parse_phone(value) == (phone, repair)


@pytest.mark.parametrize(("value", "problem"), [
    ("1.38001E+10", "科学计数法"), ("1062345678", "开头的 0 被 Excel 去掉"), ("1380013800", "只有10位"),
    ("23800138000", "不是11位手机号"), ("6234567", "不是11位手机号"),
])
def test_phones_that_lost_digits_are_refused_with_how_to_export(value, problem):
    with pytest.raises(ValueError, match=problem):
        parse_phone(value)


def test_references_keep_their_digits_or_are_refused():
    assert parse_reference("WX20260203001") == ("WX20260203001", None)
    assert parse_reference(12345678) == ("12345678", None)
    assert parse_reference("202601051000001.0") == ("202601051000001", Repair.NUMBER_AS_TEXT)
    for damaged in ("2.02611E+17", 2.026110512345e17, 202611051234567000):
        with pytest.raises(ValueError, match="Excel"):
            parse_reference(damaged)


@pytest.mark.parametrize("text", ["2026-01", "2026/1", "2026年1月", "202601", "2026-01-01", "2026-01-01 00:00:00",
                                  datetime(2026, 1, 1)])
def test_months(text):
    assert parse_month(text) == date(2026, 1, 1)


@pytest.mark.parametrize(("value", "period"), [
    ("2026-01", (date(2026, 1, 1), date(2026, 1, 31), None)),
    ("2026年2月", (date(2026, 2, 1), date(2026, 2, 28), None)),
    ("2026-01-01 至 2026-06-30", (date(2026, 1, 1), date(2026, 6, 30), ())),
    ("2026.01-2026.12", (date(2026, 1, 1), date(2026, 12, 31), (Repair.RANGE_FROM_MONTHS,))),
    ("2026-01-2026-03", (date(2026, 1, 1), date(2026, 3, 31), (Repair.RANGE_FROM_MONTHS,))),
    ("2026-01-01~2027-01-01", (date(2026, 1, 1), date(2026, 12, 31), (Repair.EXCLUSIVE_END,))),
    ("2026-01-01~2026-12-31", (date(2026, 1, 1), date(2026, 12, 31), ())),
    (datetime(2026, 3, 1), (date(2026, 3, 1), date(2026, 3, 31), None)),
])
def test_periods_are_ranges(value, period):
    assert parse_period(value) == period


def test_ranges_from_two_cells():
    assert period_range("2026-01-01", "2026-12-31") == (date(2026, 1, 1), date(2026, 12, 31), ())
    assert period_range("2026-01-01", "2026-02-01") == (date(2026, 1, 1), date(2026, 1, 31), (Repair.EXCLUSIVE_END,))
    assert period_range(45658, 46022) == (date(2025, 1, 1), date(2025, 12, 31), (Repair.DATE_AS_SERIAL,))
    # An Excel serial that is also the next period's first day: both are said.
    assert period_range("2026-01-01", 46204) == (date(2026, 1, 1), date(2026, 6, 30),
                                                 (Repair.DATE_AS_SERIAL, Repair.EXCLUSIVE_END))
    assert period_range("2026-03-01", "2026-03-01") == (date(2026, 3, 1), date(2026, 3, 1), ())
    with pytest.raises(ValueError, match="早于"):
        period_range("2026-03-01", "2026-01-01")


@pytest.mark.parametrize("text", ["2026-13", "1月", "2026-01-15", "26-01", "abc"])
def test_bad_periods(text):
    with pytest.raises(ValueError, match="账期"):
        parse_period(text)


@pytest.mark.parametrize("value", ["2026-02-15", "2026/2/15", "2026.2.15", "2026年2月15日", "20260215", "46068",
                                   46068, datetime(2026, 2, 15)])
def test_dates_including_excel_serials(value):
    assert parse_date(value) == date(2026, 2, 15)


@pytest.mark.parametrize("text", ["2026-02-30", "15/02/2026", "明天", "1926-02-15", "#######"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_payment_times_are_beijing_time_stored_as_utc():
    assert parse_paid_at("2026-02-03 14:05") == (datetime(2026, 2, 3, 6, 5, tzinfo=UTC), None)
    # Date only: noon Beijing time, which is the same calendar day in UTC.
    assert parse_paid_at("2026-02-03")[0] == datetime(2026, 2, 3, 4, 0, tzinfo=UTC)
    assert parse_paid_at(46056.5) == (datetime(2026, 2, 3, 4, 0, tzinfo=UTC), Repair.DATE_AS_SERIAL)


def test_default_due_date_is_the_15th_of_the_month_after_the_start():
    assert default_due_date(date(2026, 1, 1)) == date(2026, 2, 15)
    assert default_due_date(date(2026, 12, 1)) == date(2027, 1, 15)


def test_items_from_the_company_table_common_names_and_words():
    resolver = ItemResolver({"卫生费": BillItem.PROPERTY_FEE})
    assert resolver.resolve("物业管理费") is BillItem.PROPERTY_FEE
    assert resolver.resolve("卫生费") is BillItem.PROPERTY_FEE
    assert resolver.resolve("2026年物业费") is BillItem.PROPERTY_FEE
    assert resolver.resolve("物业费（住宅）") is BillItem.PROPERTY_FEE
    assert resolver.resolve("停车费") is BillItem.PARKING_RENT
    assert resolver.resolve("二次供水费") is BillItem.WATER
    assert resolver.resolve("公摊电费") is BillItem.SHARED_UTILITIES
    assert resolver.resolve("电梯运行费") is None  # 电梯 is not 电费
    assert resolver.resolve("专项维修资金") is BillItem.MAINTENANCE_FUND
    assert resolver.resolve("装修押金") is BillItem.DEPOSIT
    assert resolver.decided["卫生费"] == (BillItem.PROPERTY_FEE, ItemHow.COMPANY)
    assert resolver.decided["二次供水费"][1] == "名称中含“水费”"


def test_words():
    assert parse_role("家庭成员") is Role.FAMILY
    assert parse_role("租客") is Role.TENANT
    assert parse_channel("微信支付") == "wechat"
    assert parse_channel("工行代扣") == "工行代扣"


def test_unit_labels():
    assert unit_from_text("3-2-1502").label == "3栋2单元1502"
    assert unit_from_parts("3", "2", "1502").label == "3栋2单元1502"
    assert unit_from_parts("3号楼", "2单元", "1502室").label == "3栋2单元1502"
    assert unit_from_parts("a", "", "0801").label == "A座0801"
    assert unit_from_parts("3栋", "", "2-1502").label == "3栋2单元1502"
    assert unit_from_parts("3", "", "3-2-1502").label == "3栋2单元1502"
    assert building_of("3栋2单元1502") == "3栋" and building_of("A座0801") == "A座"
    assert building_of("车位B区304") is None and building_of("商铺1栋101") == "1栋"
    with pytest.raises(ValueError, match="房号"):
        unit_from_text("1502")


def test_units_of_every_kind_and_phases():
    space = unit_from_parts("", "B", "304", UnitKind.PARKING_SPACE, canonical_phase("二期"))
    assert (space.kind, space.phase, space.building, space.label) == (UnitKind.PARKING_SPACE, "2期", None,
                                                                       "车位B区304")
    assert unit_from_parts("", "F", "134", UnitKind.STOREROOM).label == "储藏室F区134"
    assert unit_from_parts("1", "", "101", UnitKind.SHOP).label == "商铺1栋101"
    assert unit_from_parts("8", "1", "101", UnitKind.SHOP).label == "商铺8栋1单元101"
    assert unit_from_text("B-304", UnitKind.PARKING_SPACE).label == "车位B-304"
    assert unit_from_text("京A12345(1-1-1001-)").label == "1栋1单元1001"
    assert [canonical_phase(t) for t in ("一期", "第2期", "3", "东区", "")] == ["1期", "2期", "3期", "东区", ""]
    with pytest.raises(ValueError, match="没有楼栋"):
        unit_from_parts("", "3单元", "101", UnitKind.FLAT)
    with pytest.raises(ValueError, match="与资产类型不一致"):
        unit_from_text("车位B区304", UnitKind.FLAT)
