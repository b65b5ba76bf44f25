"""Files in the layouts real property systems export (tests/importer/layouts.py), end to end on SQLite and
PostgreSQL: every row accounted for, amounts to the fen, periods as ranges, payments linked to the bill they
paid, re-import changes nothing, and the owner's statement in the bot is right to the fen."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.clock import fixed_clock
from bot.db.models import Bill, BillItem, Building, Occupancy, Payment, Person, Unit, UnitKind
from bot.importer import ImportOptions, import_file
from bot.importer.headers import Field
from bot.services.balances import BalanceService
from bot.services.binding import BindingService, BindOutcome
from tests.importer import layouts
from tests.importer.files import NOW, fen_totals, row_counts, seed_community, write_csv, write_xlsx


@pytest.fixture
def community(sessions):
    return seed_community(sessions)


def run(sessions, path, community="YGHY", **options):
    report = import_file(path, sessions, community, NOW, ImportOptions(**options))
    assert report.ok, report.summary()
    return report


def statement_of(sessions, conversation_id: str, label: str, name: str, last4: str):
    binding = BindingService(sessions, fixed_clock(NOW))
    assert binding.bind(conversation_id, label, name, last4).outcome is BindOutcome.BOUND
    balances = BalanceService(sessions, fixed_clock(NOW), binding)
    return {s.unit.label: s.statement for s in balances.statements(conversation_id)}


def bills_by_unit(sessions) -> dict[str, list[tuple]]:
    with sessions() as session:
        rows = session.execute(select(Unit.phase, Unit.label, Bill.item, Bill.period_start, Bill.period_end,
                                      Bill.amount_fen, Bill.discount_fen).join(Bill, Bill.unit_id == Unit.id)
                               .order_by(Unit.label, Bill.item, Bill.period_start)).all()
    result: dict[str, list[tuple]] = {}
    for phase, label, *bill in rows:
        result.setdefault(phase + label, []).append(tuple(bill))
    return result


# ------------------------------------------------------------------------------ MicroCommunity 缴费明细表


@pytest.mark.parametrize(("name", "encoding", "typed"), [
    ("缴费明细表.csv", "gbk", False), ("缴费明细表.csv", "utf-8-sig", False), ("缴费明细表.xlsx", None, True),
])
def test_pay_detail_every_money_column_goes_somewhere(sessions, community, tmp_path, name, encoding, typed):
    rows = layouts.pay_detail_rows(typed=typed)
    path = write_csv(tmp_path / name, rows, encoding) if encoding else write_xlsx(tmp_path / name, rows, "缴费明细表")
    report = run(sessions, path)
    assert report.rows_read == 9
    plan = report.plan
    assert {m.header: m.field for m in plan.mapped} == {
        "订单号": Field.REFERENCE, "房号": Field.UNIT, "业主": Field.NAME, "费用类型": Field.ITEM_TYPE,
        "费用项": Field.ITEM, "支付方式": Field.CHANNEL, "费用开始时间": Field.PERIOD_START,
        "费用结束时间": Field.PERIOD_END, "缴费时间": Field.PAID_AT, "应缴/应收金额": Field.BILLED,
        "实收金额": Field.PAID, "优惠金额": Field.DISCOUNT, "减免金额": Field.DISCOUNT, "赠送金额": Field.DISCOUNT,
        "滞纳金": Field.LATE_FEE, "面积": Field.AREA, "车位": Field.PARKING_SPACE, "收银员": Field.CASHIER}
    assert {i.header: i.reason for i in plan.ignored} == {
        "费用状态": "状态由金额和日期得出，不单独导入", "账户抵扣": "没有对应的字段，全部为 0",
        "备注": "文字说明，不导入"}
    c = report.counts
    assert (c.units_created, c.bills_created, c.payments_created) == (7, 10, 10)
    assert fen_totals(sessions) == (layouts.PAY_DETAIL_BILLED_FEN, layouts.PAY_DETAIL_DISCOUNT_FEN,
                                    layouts.PAY_DETAIL_PAID_FEN)
    bills = bills_by_unit(sessions)
    # A year's charge is one bill for the year, with its 5% concession; 1,140.00 is what was owed and paid.
    assert bills["1栋1单元101"] == [(BillItem.PROPERTY_FEE, date(2026, 1, 1), date(2026, 12, 31), 114000, 6000)]
    # The end written as the next period's first day is the day before; the late fee is its own line.
    assert bills["3栋1单元502"] == [(BillItem.PROPERTY_FEE, date(2025, 12, 1), date(2025, 12, 31), 30000, 0),
                                   (BillItem.LATE_FEE, date(2025, 12, 1), date(2025, 12, 31), 600, 0)]
    assert bills["车位B1-023"] == [(BillItem.PARKING_RENT, date(2026, 1, 1), date(2026, 3, 31), 45000, 0)]
    with sessions() as session:
        # Every payment is linked to a bill of its own unit, and pays it exactly.
        linked = session.execute(select(Payment.reference, Payment.amount_fen, Bill.amount_fen, Payment.unit_id,
                                        Bill.unit_id, Payment.cashier).join(Bill, Bill.id == Payment.bill_id)).all()
        assert len(linked) == 10
        assert all(paid == owed and pay_unit == bill_unit for _, paid, owed, pay_unit, bill_unit, _ in linked)
        assert {cashier for *_, cashier in linked} == {"王收银", "陈收银"}
        # One order (订单号) paying two fees: two payments, told apart, both under that order number.
        order = sorted(r for r, *_ in linked if r.startswith("2026021110000312345671"))
        assert len(order) == 2 and len(set(order)) == 2
        space = session.scalars(select(Unit).where(Unit.label == "车位B1-023")).one()
        assert (space.kind, space.building_id, space.area_sqm) == (UnitKind.PARKING_SPACE, None, None)
        # No phones in this export: 赵一鸣 of the flat and of the parking space are not merged by name alone.
        assert session.scalars(select(Person.phone).where(Person.name == "赵一鸣")).all() == [None, None]
        item_names = set(session.scalars(select(Bill.item_name)))
        assert {"物业费(住宅)", "月租停车费", "电费（居民）"} <= item_names
    assert "赵一鸣 出现在 2 个房屋，都没有电话" in report.summary()
    before = row_counts(sessions)
    again = run(sessions, path)
    assert again.counts.changed == 0
    assert row_counts(sessions) == {**before, "audit_log": before["audit_log"] + 1}


def test_pay_detail_saved_again_from_excel_names_the_damage(sessions, community, tmp_path):
    rows = [row[:] for row in layouts.pay_detail_rows()]
    for row in rows[1:]:
        row[0] = "2.02611E+17"  # what Excel shows, and saves, for an 18-digit 订单号
    report = import_file(write_csv(tmp_path / "缴费明细表.csv", rows, "gbk"), sessions, "YGHY", NOW)
    assert not report.ok and row_counts(sessions)["bill"] == 0
    assert {e.column for e in report.errors} == {"订单号"}
    assert len(report.errors) == 9
    assert "科学计数法" in report.errors[0].message and "重复" not in report.summary()
    assert "（共 9 行） 订单号" in report.summary()


# ---------------------------------------------------------------- MicroCommunity fee-import template


def test_fee_template_with_instruction_row_and_text_cells(sessions, community, tmp_path):
    path = write_xlsx(tmp_path / "房屋费用导入.xlsx", layouts.fee_template_rows(), "房屋费用信息", text_cells=True,
                      merged_title=layouts.FEE_TEMPLATE_INSTRUCTION)
    report = run(sessions, path)
    assert report.header_row == 2 and report.preamble[0][0] == 1
    assert (report.rows_read, report.empty_rows_skipped) == (5, 1)
    assert report.counts.bills_created == 4
    bills = bills_by_unit(sessions)
    assert bills["1栋1单元101"] == [(BillItem.PROPERTY_FEE, date(2026, 1, 1), date(2026, 12, 31), 107400, 0)]
    assert bills["1栋1单元102"] == [(BillItem.DEPOSIT, date(2026, 3, 1), date(2026, 3, 1), 200000, 0)]
    assert bills["2栋1单元301"] == [(BillItem.MAINTENANCE_FUND, date(2026, 1, 1), date(2026, 1, 1), 360000, 0)]
    assert bills["2栋1单元302"] == [(BillItem.ELECTRICITY, date(2026, 1, 1), date(2026, 1, 31), 8880, 0)]
    assert "跳过表头上方的说明/标题（第1行）：房屋编号: 楼栋-单元-房号" in report.summary()
    assert run(sessions, path).counts.changed == 0


# ----------------------------------------------------------------------------- arrears reports


def test_arrears_detail_becomes_outstanding_bills_and_the_owner_sees_them(sessions, community, tmp_path):
    path = write_csv(tmp_path / "欠费明细表.csv", layouts.arrears_detail_rows(), "utf-8-sig")
    report = run(sessions, path)
    ignored = {i.header: i.reason for i in report.plan.ignored}
    assert ignored["欠费时长（天）"].startswith("数量或时长") and ignored["费用编号"] == "原系统内部编号，不导入"
    assert report.counts.bills_created == 3 and report.counts.payments_created == 0
    statements = statement_of(sessions, "wx:oZheng", "1栋1单元103", "郑七巧", "1103")
    statement = statements["1栋1单元103"]
    assert statement.outstanding_fen == 53700 + 4230
    assert {(b.bill.item, b.bill.period_start, b.bill.period_end, b.outstanding_fen) for b in statement.open_bills} == {
        ("物业费", date(2026, 1, 1), date(2026, 6, 30), 53700), ("水费", date(2026, 1, 1), date(2026, 1, 31), 4230)}
    assert run(sessions, path).counts.changed == 0
    # A later report that disagrees with what is stored is refused, not silently overwritten.
    rows = layouts.arrears_detail_rows()
    rows[1][10] = "437.00"
    refused = import_file(write_csv(tmp_path / "欠费明细表2.csv", rows), sessions, "YGHY", NOW)
    assert [(e.row, e.column) for e in refused.errors] == [(2, "欠费金额")]
    assert "还欠 537.00 元，文件说欠 437.00 元" in refused.errors[0].message


def test_wide_arrears_list_columns_per_item(sessions, community, tmp_path):
    path = write_xlsx(tmp_path / "export.xlsx", layouts.arrears_list_rows(), "欠费清单")
    report = run(sessions, path)
    assert report.plan.per_item[0] is Field.ARREARS
    assert {i.header: i.reason for i in report.plan.ignored} == {"合计": "合计列，由各项相加，不单独导入"}
    assert bills_by_unit(sessions) == {
        "3栋1单元601": [(BillItem.PROPERTY_FEE, date(2026, 1, 1), date(2026, 6, 30), 60000, 0)],
        "3栋1单元602": [(BillItem.PARKING_RENT, date(2026, 1, 1), date(2026, 3, 31), 15000, 0),
                       (BillItem.PROPERTY_FEE, date(2026, 1, 1), date(2026, 3, 31), 31050, 0)]}


def test_wide_list_without_words_saying_what_it_is_asks(sessions, community, tmp_path):
    path = write_csv(tmp_path / "export.csv", layouts.arrears_list_rows())
    report = import_file(path, sessions, "YGHY", NOW)
    assert not report.ok and row_counts(sessions)["unit"] == 0
    assert [p.header for p in report.problems] == ["物业费", "停车费"]
    assert "--map '物业费=arrears'" in report.problems[0].message
    mapped = run(sessions, path, mapped={"物业费": "arrears", "停车费": "arrears"})
    assert mapped.counts.bills_created == 3


def test_monthly_arrears_with_phone_inside_the_name(sessions, community, tmp_path):
    report = run(sessions, write_csv(tmp_path / "欠费统计.csv", layouts.month_owe_rows(), "gbk"))
    assert (report.rows_read, report.total_rows_skipped) == (4, 1)
    with sessions() as session:
        assert sorted(session.execute(select(Person.name, Person.phone)).all(),
                      key=lambda p: p[0]) == sorted([("韩小雪", "13400006101"), ("杨不悔", None)], key=lambda p: p[0])
    assert bills_by_unit(sessions)["6栋1单元101"] == [
        (BillItem.PROPERTY_FEE, date(2026, 1, 1), date(2026, 1, 31), 21500, 0),
        (BillItem.PROPERTY_FEE, date(2026, 2, 1), date(2026, 2, 28), 21500, 0)]


# ---------------------------------------------------------------------- room lists, asset templates


def test_room_list_with_split_columns(sessions, community, tmp_path):
    report = run(sessions, write_csv(tmp_path / "未收费房屋.csv", layouts.rooms_split_rows(), "gbk"))
    assert {m.header: m.field for m in report.plan.mapped}["房屋"] is Field.ROOM
    with sessions() as session:
        assert sorted(session.scalars(select(Unit.label))) == ["5栋1单元101", "5栋1单元102", "5栋2单元201"]
        assert session.scalar(select(Person.phone).where(Person.name == "沈如意")) is None


def test_ejyy_assets_of_every_kind_and_phases(sessions, community, tmp_path):
    path = write_xlsx(tmp_path / "固定资产导入模板.xlsx", layouts.ejyy_rows(), "固定资产数据")
    report = run(sessions, path)
    assert {m.header: m.field for m in report.plan.mapped}["业主身份证号"] is Field.PERSON_KEY
    assert report.counts.units_created == 7
    with sessions() as session:
        units = {(u.phase, u.label): u for u in session.scalars(select(Unit))}
        assert set(units) == {("1期", "12栋3单元702"), ("2期", "12栋3单元702"), ("2期", "车位B区304"),
                              ("2期", "储藏室F区134"), ("", "11栋3单元101"), ("", "商铺D区506"), ("", "车库E区102")}
        kinds = {key[1]: (u.kind, u.building_id is None) for key, u in units.items()}
        assert kinds["车位B区304"] == (UnitKind.PARKING_SPACE, True)
        assert kinds["储藏室F区134"] == (UnitKind.STOREROOM, True)
        assert kinds["商铺D区506"] == (UnitKind.SHOP, True) and kinds["车库E区102"] == (UnitKind.GARAGE, True)
        assert units[("2期", "12栋3单元702")].area_sqm == Decimal("101.20")
        assert sorted(session.execute(select(Building.phase, Building.name)).all()) == [
            ("", "11栋"), ("1期", "12栋"), ("2期", "12栋")]
        # One person with two units (the same name and phone); ID numbers are used to match, never stored.
        assert session.scalar(select(Person.id).where(Person.name == "秦晓南")) is not None
        assert len(session.scalars(select(Occupancy).join(Person).where(Person.name == "秦晓南")).all()) == 2
    # The owner of phase 2's 12栋3单元702 types the unit as owners do, and gets their flat and parking space.
    statements = statement_of(sessions, "wx:oQin", "12栋3单元702", "秦晓南", "2702")
    assert set(statements) == {"12栋3单元702", "车位B区304"}
    assert run(sessions, path).counts.changed == 0


def test_pay_history_with_partial_payment_is_right_to_the_fen(sessions, community, tmp_path):
    run(sessions, write_csv(tmp_path / "住户.csv", [["房号", "面积", "业主", "手机"],
                                                   ["7-1-101", "89.5", "孔令仪", "13900007101"]]))
    report = run(sessions, write_csv(tmp_path / "房屋缴费历史.csv", layouts.pay_history_rows(), "gbk"))
    assert {i.header for i in report.plan.ignored} == {"缴费周期", "备注"}
    statement = statement_of(sessions, "wx:oKong", "7栋1单元101", "孔令仪", "7101")["7栋1单元101"]
    assert statement.outstanding_fen == 53700 - 30000
    (open_bill,) = statement.open_bills
    assert (open_bill.bill.period_start, open_bill.bill.period_end) == (date(2026, 1, 1), date(2026, 6, 30))


def test_long_arrears_list_with_vacancy_discounts(sessions, community, tmp_path):
    report = run(sessions, write_csv(tmp_path / "欠费清单.csv", layouts.owe_list_long_rows(), "gbk"))
    assert report.counts.bills_created == 2 and report.counts.payments_created == 0
    assert bills_by_unit(sessions)["9栋1单元102"] == [
        (BillItem.PROPERTY_FEE, date(2026, 1, 1), date(2026, 6, 30), 54000, 6000)]


def test_bill_detail_with_equal_payable_and_receivable_columns(sessions, community, tmp_path):
    report = run(sessions, write_csv(tmp_path / "账单明细表.csv", layouts.bill_detail_rows(), "utf-8-sig"))
    ignored = {i.header: i.reason for i in report.plan.ignored}
    assert ignored["应收金额（元）"] == "与 '应缴金额（元）' 每一行都相同，只用一列"
    assert report.counts.payments_created == 1  # "--" placeholders are empty cells
    assert bills_by_unit(sessions)["9栋2单元201"] == [
        (BillItem.PROPERTY_FEE, date(2026, 1, 1), date(2026, 3, 31), 28500, 1500)]


def test_create_fee_template_without_amounts_says_what_it_lacks(sessions, community, tmp_path):
    path = write_xlsx(tmp_path / "创建费用.xlsx", layouts.create_fee_template_rows(), "创建费用",
                      merged_title="费用名称: 请填写系统中费用类型，如物业费，押金等 ；计费起始时间: …")
    report = import_file(path, sessions, "YGHY", NOW)
    assert not report.ok and row_counts(sessions)["unit"] == 0
    headers = {p.header for p in report.problems}
    assert "建账时间" in headers  # a date column nothing claims
    assert {i.header for i in report.plan.ignored} >= {"类型", "费用项ID", "房屋状态"}
