"""Row checks, without a database."""

from datetime import UTC, date, datetime
from decimal import Decimal

from bot.db.models import BillItem, Role
from bot.importer.columns import UserRules, plan_columns
from bot.importer.layout import Row, Table
from bot.importer.records import ChargeSource
from bot.importer.validate import Options, validate
from bot.importer.vocab import ItemResolver
from tests.importer.files import NOW

HEADER = ["房号", "面积", "业主姓名", "手机", "身份", "收费项目", "账期", "应收金额", "实收金额", "缴费日期", "流水号"]


def check(*rows: list[object], header: list[str] = HEADER, community: str | None = "YGHY", skip_unknown=False,
          items=None):
    table = Table("t", header, 1, [Row(number, list(cells)) for number, cells in enumerate(rows, start=2)], False)
    plan = plan_columns(table, UserRules(), items or {}, community, "")
    assert plan.problems == [], plan.problems
    return validate(table, plan, ItemResolver(items or {}), Options(community, NOW, skip_unknown))


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_good_row_becomes_a_unit_person_charge_and_payment():
    result = check(["3-2-1502", "89.5", "王伟", "13800138000", "业主", "物业管理费", "2026年1月", "¥223.75",
                    "223.75", "2026/2/3", "WX001"])
    assert result.errors == []
    (row,) = result.rows
    assert (row.number, row.community, row.unit.label, row.unit.area_sqm) == (2, "YGHY", "3栋2单元1502",
                                                                               Decimal("89.50"))
    assert (row.person.name, row.person.phone, row.person.role) == ("王伟", "13800138000", Role.OWNER)
    (charge,) = row.charges
    assert (charge.item, charge.item_name, charge.period_start, charge.period_end, charge.owed_fen,
            charge.source) == (BillItem.PROPERTY_FEE, "物业管理费", date(2026, 1, 1), date(2026, 1, 31), 22375,
                               ChargeSource.BILLED)
    assert (row.payment.amount_fen, row.payment.paid_at, row.payment.reference) == (
        22375, datetime(2026, 2, 3, 4, tzinfo=UTC), "WX001")


def test_bad_amount_is_reported_with_row_column_and_value():
    result = check(["3-2-1502", "89.5", "王伟", "", "", "物业费", "2026-01", "12,3a", "", "", ""],
                   ["3-2-1601", "90", "李娜", "", "", "物业费", "2026-01", "-5", "", "", ""],
                   ["3-2-1701", "90", "赵敏", "", "", "物业费", "2026-01", "20000000", "", "", ""])
    assert result.rows == []
    assert messages(result)[0] == "第2行 应收金额: '12,3a' 不是有效金额（应为元，最多两位小数，如 1234.50）"
    assert "第3行 应收金额: '-5' 是负数" in messages(result)[1]
    assert "第4行 应收金额: '20000000' 超过" in messages(result)[2]


def test_bad_dates_and_periods():
    result = check(["3-2-1502", "", "", "", "", "物业费", "2026-13", "100", "", "", ""],
                   ["3-2-1601", "", "", "", "", "物业费", "2026-01", "100", "100", "2026-02-30", ""])
    assert [(e.row, e.column) for e in result.errors] == [(2, "账期"), (3, "缴费日期")]


def test_bad_phone_and_phone_without_name():
    result = check(["3-2-1502", "89", "王伟", "1380013800", "", "", "", "", "", "", ""],
                   ["3-2-1601", "89", "", "13800138000", "", "", "", "", "", "", ""])
    assert messages(result) == ["第2行 手机: '1380013800' 只有10位，手机号应为11位", "第3行 业主姓名: 有电话但没有姓名"]


def test_empty_phone_is_none_and_role_words_are_mapped():
    result = check(["3-2-1502", "89", "王小明", "", "家属", "", "", "", "", "", ""])
    assert result.errors == []
    assert (result.rows[0].person.phone, result.rows[0].person.role) == (None, Role.FAMILY)


def test_excel_damage_is_undone_and_listed_or_refused_with_how_to_export():
    result = check(["3-2-1502", "89", "王伟", "13800138000.0", "", "物业费", "2026-01", "100", "100", "46056", "R1"],
                   ["3-2-1601", "89", "李娜", "1.38001E+10", "", "物业费", "2026-01", "100", "100", "2026-02-03",
                    "2.02611E+17"])
    assert [(e.row, e.column) for e in result.errors] == [(3, "手机"), (3, "流水号")]
    assert all("科学计数法" in e.message and "重新导出" in e.message for e in result.errors)
    notes = {str(note) for note in result.notes}
    assert "手机: 号码被存成了数字，已还原为原来的号码（导出或另存时把这一列设为“文本”可避免）（如 13800138000.0），" \
           "1 行：第2行" in notes
    assert any(n.startswith("缴费日期: 日期变成了 Excel 的日期序号") for n in notes)


def test_unit_that_does_not_normalise_or_became_a_date():
    result = check(["1502", "89", "", "", "", "", "", "", "", "", ""], ["", "89", "", "", "", "", "", "", "", "", ""],
                   [datetime(2015, 3, 2), "89", "", "", "", "", "", "", "", "", ""])
    assert [e.column for e in result.errors] == ["房号", "房号", "房号"]
    assert "'1502' 不是可识别的房号" in messages(result)[0]
    assert "房号为空" in messages(result)[1]
    assert "Excel 把房号（如 3-2-15）当成了日期" in messages(result)[2]


def test_paid_amount_without_paid_date():
    result = check(["3-2-1502", "", "", "", "", "物业费", "2026-01", "100", "100", "", ""])
    assert messages(result) == ["第2行 缴费日期: 有实收金额但没有缴费时间"]


def test_unpaid_rows_with_zero_paid_are_bills_only():
    result = check(["3-2-1502", "", "", "", "", "物业费", "2026-01", "100", "0", "", ""])
    assert result.errors == [] and result.rows[0].payment is None


def test_future_payment_is_a_typo():
    result = check(["3-2-1502", "", "", "", "", "物业费", "2026-01", "100", "100", "2062-02-01", ""])
    assert "在未来" in messages(result)[0]


def test_duplicate_bills_and_references_and_conflicting_areas():
    result = check(
        ["3-2-1502", "89", "", "", "", "物业费", "2026-01", "100", "100", "2026-02-01", "R1"],
        ["3栋2单元1502", "89.00", "", "", "", "物业管理费", "2026/1", "100", "", "", ""],  # same bill, other spelling
        ["3-2-1601", "90", "", "", "", "物业费", "2026-01", "100", "100", "2026-02-01", "R1"],  # same reference
        ["3-2-1601", "95", "", "", "", "物业费", "2026-02", "100", "", "", ""],  # area disagrees with row 4
    )
    assert messages(result) == [
        "第3行 房号: 3栋2单元1502 物业费 2026-01 的账单 与第2行重复",
        "第5行 面积: 3栋2单元1601 的面积 与第4行不一致（90.00 / 95.00）",
    ]


def test_one_reference_for_the_same_bill_twice_is_a_duplicate():
    result = check(["3-2-1502", "", "", "", "", "物业费", "2026-01", "100", "50", "2026-02-01", "R1"],
                   ["3-2-1502", "", "", "", "", "物业费", "2026-01", "100", "50", "2026-02-02", "R1"])
    assert messages(result) == ["第3行 流水号: 流水号 'R1' 与第2行重复"]


def test_instalments_of_one_bill_are_two_payments_not_a_duplicate():
    result = check(["3-2-1502", "", "", "", "", "物业费", "2026-01", "100", "40", "2026-02-01", "R1"],
                   ["3-2-1502", "", "", "", "", "物业费", "2026-01", "100", "60", "2026-02-15", "R2"])
    assert result.errors == [] and [r.payment.amount_fen for r in result.rows] == [4000, 6000]


def test_overlapping_periods_of_one_unit_and_item_would_bill_twice():
    header = ["房号", "收费项目", "开始时间", "结束时间", "应收金额"]
    result = check(["3-2-1502", "物业费", "2026-01-01", "2026-12-31", "1200"],
                   ["3-2-1502", "物业费", "2026-03-01", "2026-03-31", "100"],
                   ["3-2-1502", "押金", "2026-03-01", "2026-03-01", "2000"],
                   ["3-2-1502", "押金", "2026-01-01", "2026-12-31", "500"], header=header)
    assert messages(result) == ["第3行 开始时间: 3栋2单元1502 物业费 2026-03 与第2行的 2026-01-01~2026-12-31 期间重叠，"
                                "同一天会收两次费"]


def test_identical_payments_without_reference_are_duplicates():
    header = ["房号", "实收金额", "缴费日期"]
    result = check(["3-2-1502", "100", "2026-02-01"], ["3-2-1502", "100", "2026-02-01"], header=header)
    assert messages(result) == ["第3行 实收金额: 3栋2单元1502 的同一笔缴费 与第2行重复"]


def test_every_error_is_listed_not_just_the_first():
    result = check(["3-2-1502", "abc", "王伟", "123", "老板", "卫生费", "2026-13", "x", "", "", ""])
    assert [e.column for e in result.errors] == ["面积", "手机", "身份", "收费项目", "账期", "应收金额"]


def test_unknown_items_are_row_errors_or_skipped_and_reported():
    rows = (["3-2-1502", "", "", "", "", "卫生费", "2026-01", "30", "", "", ""],
            ["3-2-1601", "", "", "", "", "物业费", "2026-01", "100", "", "", ""])
    refused = check(*rows)
    assert [(e.row, e.column) for e in refused.errors] == [(2, "收费项目")]
    assert "--item '卫生费=物业费'" in refused.errors[0].message and "--skip-unknown-items" in refused.errors[0].message
    skipped = check(*rows, skip_unknown=True)
    assert skipped.errors == [] and skipped.skipped_items == {"卫生费": ([2], 3000)}
    assert [len(r.charges) for r in skipped.rows] == [1]  # row 2 keeps nothing but its unit: it is skipped
    mapped = check(*rows, items={"卫生费": BillItem.PROPERTY_FEE})
    assert mapped.errors == [] and mapped.rows[0].charges[0].item is BillItem.PROPERTY_FEE


def test_concessions_late_fees_and_arrears_add_up():
    header = ["房号", "收费项目", "账期", "应收金额", "优惠金额", "减免金额", "滞纳金", "实收金额", "缴费时间",
              "欠费金额"]
    result = check(["3-2-1502", "物业费", "2026-01", "300", "10", "5", "3", "200", "2026-02-01", "88"],
                   ["3-2-1601", "物业费", "2026-01", "300", "0", "0", "0", "300", "2026-02-01", "5"],
                   ["3-2-1701", "物业费", "2026-01", "300", "400", "0", "0", "0", "", ""], header=header)
    (row,) = result.rows
    assert [(c.item, c.owed_fen, c.discount_fen) for c in row.charges] == [(BillItem.PROPERTY_FEE, 28500, 1500),
                                                                          (BillItem.LATE_FEE, 300, 0)]
    assert [(e.row, e.column) for e in result.errors] == [(3, "欠费金额"), (4, "优惠金额")]


def test_separate_building_entrance_and_room_columns():
    header = ["楼栋", "单元", "房号", "建筑面积"]
    result = check(["3号楼", "2", "1502", "89"], ["A", "", "801", "60"], ["3", "2", "", "89"], header=header)
    assert [row.unit.label for row in result.rows] == ["3栋2单元1502", "A座801"]
    assert [(e.row, e.column) for e in result.errors] == [(4, "房号")]


def test_totals_row_is_skipped_and_blank_community_falls_back_to_the_caller():
    header = ["小区", "房号", "面积"]
    result = check(["", "3-2-1502", "89"], ["合计", "", "89"], header=header, community="YGHY")
    assert result.errors == []
    assert (result.rows_read, result.total_rows_skipped, result.rows[0].community) == (2, 1, "YGHY")
    assert messages(check(["", "3-2-1502", "89"], header=header, community=None)) == [
        "第2行 小区: 小区为空，且没有指定小区"]
