"""import_file end to end, on SQLite and on PostgreSQL with the real migrations."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.db.models import (
    AuditLog,
    Bill,
    BillItem,
    BillItemAlias,
    Building,
    ImportColumnRule,
    Occupancy,
    Payment,
    Person,
    Role,
    Unit,
)
from bot.importer import ImportFileError, ImportOptions, import_file
from tests.importer.files import NOW, row_counts, seed_community, write_csv, write_xlsx

HEADER = ["小区名称", "房号", "建筑面积(㎡)", "业主姓名", "联系电话", "身份", "收费项目", "所属期", "应收金额",
          "实收金额", "缴费日期", "支付方式", "流水号", "备注"]
GOOD = [
    HEADER,
    ["阳光花园", "3-2-1502", "89.50", "王伟", "13800138000", "业主", "物业费", "2026-01", "223.75", "223.75",
     "2026-02-03 09:30", "微信", "WX20260203001", ""],
    ["阳光花园", "3-2-1502", "89.50", "王小明", "", "家属", "物业费", "2026-02", "223.75", "", "", "", "", ""],
    ["阳光花园", "3-2-1601", "120", "李娜", "13900139000", "租户", "车位管理费", "2026-01", "150", "150",
     "2026-02-10", "现金", "", "补缴"],
    ["阳光花园", "A座0801", "60.00", "", "", "", "公摊水电", "2026-01", "35.20", "", "", "", "", ""],
]


def good_file(tmp_path, rows=GOOD, name="bills.csv", encoding="utf-8-sig"):
    return write_csv(tmp_path / name, rows, encoding)


def run(sessions, path, community=None, **options):
    return import_file(path, sessions, community, NOW, ImportOptions(**options))


def test_good_file_imports(sessions, tmp_path):
    seed_community(sessions)
    report = run(sessions, good_file(tmp_path))
    assert report.ok, report.summary()
    assert report.rows_read == 4
    assert report.unknown_columns == ["备注"]
    c = report.counts
    assert (c.units_created, c.people_created, c.occupancies_created, c.bills_created, c.payments_created) == (
        3, 3, 3, 4, 2)
    with sessions() as session:
        units = {u.label: u for u in session.scalars(select(Unit))}
        assert set(units) == {"3栋2单元1502", "3栋2单元1601", "A座0801"}
        assert units["3栋2单元1502"].area_sqm == Decimal("89.50")
        assert sorted(session.scalars(select(Building.name))) == ["3栋", "A座"]
        roles = dict(session.execute(select(Person.name, Occupancy.role).join(Occupancy)).all())
        assert roles == {"王伟": Role.OWNER, "王小明": Role.FAMILY, "李娜": Role.TENANT}
        bill = session.scalars(select(Bill).where(Bill.item == BillItem.PARKING_FEE)).one()
        assert (bill.period_start, bill.period_end, bill.amount_fen, bill.due_date) == (
            date(2026, 1, 1), date(2026, 1, 31), 15000, date(2026, 2, 15))
        payments = {p.reference: p for p in session.scalars(select(Payment))}
        wechat = payments.pop("WX20260203001")
        assert (wechat.amount_fen, wechat.channel, wechat.paid_at) == (22375, "wechat",
                                                                       datetime(2026, 2, 3, 1, 30, tzinfo=UTC))
        assert wechat.bill_id is not None
        (derived,) = payments.values()  # no 流水号: a deterministic reference
        assert derived.reference.startswith("IMP") and derived.channel == "counter_cash"
        assert derived.bill_id == bill.id
        audit = session.scalars(select(AuditLog)).one()
        assert (audit.actor, audit.action, audit.subject) == ("system:import", "import", "bills.csv")
        assert audit.detail["bills_created"] == 4 and audit.detail["communities"] == ["YGHY"]
        assert audit.detail["columns"]["应收金额"] == "billed" and audit.detail["ignored_columns"] == ["备注"]
    assert "账单：新增 4，更新 0" in report.summary()


def test_reimport_changes_nothing(sessions, tmp_path):
    seed_community(sessions)
    path = good_file(tmp_path)
    run(sessions, path)
    before = row_counts(sessions)
    with sessions() as session:
        payment_refs = sorted(session.scalars(select(Payment.reference)))
    report = run(sessions, path)
    assert report.ok and report.counts.changed == 0
    assert "没有变化" in report.summary()
    assert row_counts(sessions) == {**before, "audit_log": before["audit_log"] + 1}
    with sessions() as session:
        assert sorted(session.scalars(select(Payment.reference))) == payment_refs


def test_changed_amount_and_area_update_in_place(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, good_file(tmp_path))
    before = row_counts(sessions)
    changed = [row[:] for row in GOOD]
    changed[2][8] = "250.00"  # 3-2-1502's February bill
    changed[4][2] = "61"  # A座0801's area
    changed[1][9], changed[1][11] = "200", "支付宝"  # the WeChat payment was really 200 by Alipay
    changed[2][5] = "租户"  # 王小明 now rents rather than lives with the owner
    report = run(sessions, good_file(tmp_path, changed, "bills-v2.csv"))
    assert report.ok, report.summary()
    c = report.counts
    assert (c.bills_updated, c.units_updated, c.payments_updated, c.occupancies_updated) == (1, 1, 1, 1)
    assert (c.bills_created, c.units_created, c.payments_created, c.people_created) == (0, 0, 0, 0)
    assert row_counts(sessions) == {**before, "audit_log": before["audit_log"] + 1}
    with sessions() as session:
        feb = session.scalars(select(Bill).where(Bill.period_start == date(2026, 2, 1))).one()
        assert feb.amount_fen == 25000
        assert session.scalars(select(Unit.area_sqm).where(Unit.label == "A座0801")).one() == Decimal("61.00")
        payment = session.scalars(select(Payment).where(Payment.reference == "WX20260203001")).one()
        assert (payment.amount_fen, payment.channel) == (20000, "alipay")


def test_one_bad_row_among_good_ones_writes_nothing(sessions, tmp_path):
    seed_community(sessions)
    rows = [row[:] for row in GOOD]
    rows[3][8] = "15O"  # letter O for zero
    rows[4][4] = "1390013900"  # ten digits
    before = row_counts(sessions)
    report = run(sessions, good_file(tmp_path, rows))
    assert not report.ok
    assert [str(e) for e in report.errors] == [
        "第4行 应收金额: '15O' 不是有效金额（应为元，最多两位小数，如 1234.50）",
        "第5行 联系电话: '1390013900' 只有10位，手机号应为11位",
    ]
    assert row_counts(sessions) == before
    assert "没有写入任何数据" in report.summary() and "第5行 联系电话" in report.summary()


def test_duplicate_rows_write_nothing(sessions, tmp_path):
    seed_community(sessions)
    report = run(sessions, good_file(tmp_path, [*GOOD, GOOD[1]]))
    assert [(e.row, e.column) for e in report.errors] == [(6, "流水号")]
    assert row_counts(sessions)["unit"] == 0


def test_unknown_community_writes_nothing(sessions, tmp_path):
    seed_community(sessions)
    rows = [row[:] for row in GOOD]
    for row in rows[1:]:
        row[0] = "月亮湾"
    report = run(sessions, good_file(tmp_path, rows))
    assert [str(e) for e in report.errors] == [
        "第2行 小区名称: 小区 '月亮湾' 在系统中不存在（共4行）；"
        "导入不会新建小区，请先由工作人员创建（wuyebot community add 编号 名称），或检查小区名称/编号"]
    assert row_counts(sessions)["unit"] == 0


def test_community_code_argument_for_files_without_a_community_column(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "面积"], ["3-2-1502", "89.5"]]
    assert run(sessions, write_csv(tmp_path / "units.csv", rows), "YGHY").ok
    unknown = run(sessions, write_csv(tmp_path / "units.csv", rows), "NOPE")
    assert "'NOPE' 在系统中不存在" in str(unknown.errors[0])
    seed_community(sessions, "CHY", "翠湖苑")
    other = run(sessions, good_file(tmp_path), "CHY")  # file says 阳光花园, caller says 翠湖苑
    assert [str(e) for e in other.errors] == ["第2行 小区名称: 文件中的小区 '阳光花园' 与指定的小区 'CHY' 不一致"]
    assert row_counts(sessions)["bill"] == 0


def test_new_unit_without_an_area_is_created_and_said_so(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "账期", "应收金额"], ["3-2-1502", "2026-01", "100"]]
    report = run(sessions, write_csv(tmp_path / "bills.csv", rows), "YGHY")
    assert report.ok and report.counts.units_created == 1
    assert "新建的房屋没有面积" in report.summary()
    with sessions() as session:
        assert session.scalars(select(Unit.area_sqm)).one() is None


def test_bills_file_for_units_already_loaded(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, write_csv(tmp_path / "units.csv", [["房号", "面积", "业主"], ["3-2-1502", "89.5", "王伟"]]), "YGHY")
    bills = [["房屋编号", "计费月份", "应缴金额", "应缴日期"], ["3栋2单元1502", "202601", "223.75", "2026-01-31"]]
    report = run(sessions, write_csv(tmp_path / "bills.csv", bills), "YGHY")
    assert report.ok and report.counts.bills_created == 1
    with sessions() as session:
        bill = session.scalars(select(Bill)).one()
        assert (bill.item, bill.due_date) == (BillItem.PROPERTY_FEE, date(2026, 1, 31))
    assert "没有收费项目列：金额都记为 物业费" in report.summary()


def test_payments_file_links_to_the_stored_bill(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, write_csv(tmp_path / "bills.csv", [["房号", "面积", "收费项目", "账期", "应收金额"],
                                                    ["3-2-1502", "89.5", "水费", "2026-01", "42.00"]]), "YGHY")
    payments = [["房号", "收费项目", "账期", "实收金额", "缴费时间", "流水号"],
                ["3-2-1502", "水费", "2026-01", "42", "2026-02-01 08:00", "ALI001"],
                ["3-2-1502", "物业费", "2026-01", "100", "2026-02-01 08:05", "ALI002"]]
    report = run(sessions, write_csv(tmp_path / "pay.csv", payments), "YGHY")
    assert report.ok and report.counts.payments_created == 2
    assert "缴费没有对应的账单，记为预存" in report.summary()
    with sessions() as session:
        linked = dict(session.execute(select(Payment.reference, Bill.item).outerjoin(Bill)).all())
        assert linked == {"ALI001": BillItem.WATER, "ALI002": None}


def test_reference_of_another_unit_is_refused(sessions, tmp_path):
    seed_community(sessions)
    run(sessions, good_file(tmp_path))
    before = row_counts(sessions)
    rows = [["房号", "面积", "实收金额", "缴费日期", "流水号"],
            ["3-2-1601", "120", "10", "2026-02-01", "WX20260203001"]]
    report = run(sessions, write_csv(tmp_path / "pay.csv", rows), "YGHY")
    assert [str(e) for e in report.errors] == [
        "第2行 流水号: 流水号 'WX20260203001' 已被另一个房屋的缴费记录使用"]
    assert row_counts(sessions) == before


def test_a_period_that_overlaps_a_stored_bill_is_refused(sessions, tmp_path):
    seed_community(sessions)
    yearly = [["房号", "面积", "开始时间", "结束时间", "应收金额"], ["3-2-1502", "89.5", "2026-01-01", "2026-12-31",
                                                     "1200"]]
    run(sessions, write_csv(tmp_path / "year.csv", yearly), "YGHY")
    monthly = [["房号", "账期", "应收金额"], ["3-2-1502", "2026-03", "100"]]
    report = run(sessions, write_csv(tmp_path / "month.csv", monthly), "YGHY")
    assert [e.message for e in report.errors] == [
        "3栋2单元1502 物业费 2026-03-01~2026-03-31 与系统中已有的 2026-01-01~2026-12-31 的账单期间重叠，"
        "同一天会收两次费"]
    assert row_counts(sessions)["bill"] == 1


def test_missing_columns_are_reported_and_nothing_written(sessions, tmp_path):
    seed_community(sessions)
    path = write_csv(tmp_path / "people.csv", [["姓名", "备注"], ["王伟", ""]])
    report = run(sessions, path, "YGHY")
    assert not report.ok and "缺少必需的列：房号" in report.summary()
    assert row_counts(sessions)["person"] == 0


def test_undecodable_file_fails_clearly(sessions, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFileError, match="export.csv.*GB18030"):
        run(sessions, path, "YGHY")


def test_gbk_file_with_chinese_headers(sessions, tmp_path):
    seed_community(sessions)
    path = good_file(tmp_path, encoding="gbk")
    assert path.read_bytes()[:2] != b"\xef\xbb"  # really GBK, no UTF-8 BOM
    report = run(sessions, path)
    assert report.ok, report.summary()
    assert report.counts.bills_created == 4
    with sessions() as session:
        assert set(session.scalars(select(Person.name))) == {"王伟", "王小明", "李娜"}


def test_xlsx_file(sessions, tmp_path):
    seed_community(sessions)
    rows = [["项目名称", "房屋编号", "面积", "费项", "账期", "应收", "实收", "实收日期", "票据号"],
            ["阳光花园", "3-2-1502", 89.5, "物业管理费", datetime(2026, 1, 1), 223.75, 223.75,
             datetime(2026, 2, 3, 9, 30), "PJ0001"],
            ["阳光花园", "3-2-1502", 89.5, "物业管理费", "2026年2月", 223.75, None, None, None],
            ["合计", None, None, None, None, 447.5, 223.75, None, None]]
    path = write_xlsx(tmp_path / "bills.xlsx", rows)
    report = run(sessions, path)
    assert report.ok, report.summary()
    assert (report.rows_read, report.total_rows_skipped) == (3, 1)
    assert (report.counts.bills_created, report.counts.payments_created) == (2, 1)
    assert run(sessions, path).counts.changed == 0
    with sessions() as session:
        assert session.scalars(select(Payment.reference)).one() == "PJ0001"


def test_what_a_file_does_not_say_is_kept(sessions, tmp_path):
    seed_community(sessions)
    first = [["房号", "面积", "姓名", "身份", "账期", "应收金额", "截止日期"],
             ["3-2-1502", "89.5", "王小明", "租户", "2026-01", "100", "2026-01-31"]]
    run(sessions, write_csv(tmp_path / "first.csv", first), "YGHY")
    # A later export without 身份 or 截止日期 columns: the role and the agreed due date stay.
    later = [["房号", "姓名", "账期", "应收金额"], ["3-2-1502", "王小明", "2026-01", "100"]]
    report = run(sessions, write_csv(tmp_path / "later.csv", later), "YGHY")
    assert report.ok and report.counts.changed == 0
    with sessions() as session:
        assert session.scalars(select(Occupancy.role)).one() == Role.TENANT
        assert session.scalars(select(Bill.due_date)).one() == date(2026, 1, 31)


# ------------------------------------------------------------------------- dry run and mapping


def test_dry_run_checks_everything_and_writes_nothing(sessions, tmp_path):
    seed_community(sessions)
    before = row_counts(sessions)
    report = run(sessions, good_file(tmp_path), dry_run=True)
    assert report.ok and report.counts.bills_created == 4
    assert row_counts(sessions) == before
    text = report.summary()
    assert "试导入（不写入）" in text and "账单：将新增 4" in text and "什么都没有写入" in text
    assert "  应收金额 → 应收金额" in text and "  备注：文字说明，不导入" in text
    assert "第2行 → 房屋 3栋2单元1502（住宅，89.50㎡）；人 王伟（138****8000，owner）；账单 物业费 " \
           "2026-01-01~2026-01-31 应缴 223.75元；缴费 223.75元 2026-02-03 09:30 微信 流水号 WX20260203001" in text
    # The database's own checks run too: a clash is found without writing.
    run(sessions, good_file(tmp_path))
    clash = [["房号", "面积", "实收金额", "缴费日期", "流水号"], ["3-2-1601", "120", "10", "2026-02-01",
                                                   "WX20260203001"]]
    assert run(sessions, write_csv(tmp_path / "pay.csv", clash), "YGHY", dry_run=True).errors


def test_unmapped_money_column_stops_until_mapped_or_ignored_and_the_choice_is_remembered(sessions, tmp_path):
    community_id = seed_community(sessions)
    rows = [["房号", "面积", "账期", "本期金额", "租金"], ["3-2-1502", "89.5", "2026-01", "223.75", "1500"]]
    path = write_csv(tmp_path / "x.csv", rows)
    stopped = run(sessions, path, "YGHY")
    assert [p.header for p in stopped.problems] == ["本期金额", "租金"]
    assert row_counts(sessions)["unit"] == 0
    report = run(sessions, path, "YGHY", mapped={"本期金额": "billed"}, ignored=frozenset({"租金"}))
    assert report.ok and report.counts.bills_created == 1
    assert "已为本小区记住这些设置" in report.summary()
    with sessions() as session:
        assert dict(session.execute(select(ImportColumnRule.source, ImportColumnRule.target)
                                    .where(ImportColumnRule.community_id == community_id)).all()) == {
            "本期金额": "billed", "租金": "ignore"}
    # The next export of the same layout needs nothing said again.
    again = run(sessions, path, "YGHY")
    assert again.ok and again.counts.changed == 0
    assert "本期金额 → 应收金额，按本小区上次导入的设置" in again.summary()


def test_company_fee_names_are_remembered(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "面积", "收费项目", "账期", "应收金额"], ["3-2-1502", "89.5", "卫生费", "2026-01", "30"],
            ["3-2-1502", "89.5", "物业费", "2026-01", "200"]]
    path = write_csv(tmp_path / "x.csv", rows)
    refused = run(sessions, path, "YGHY")
    assert [(e.row, e.column) for e in refused.errors] == [(2, "收费项目")]
    skipped = run(sessions, path, "YGHY", skip_unknown_items=True, dry_run=True)
    assert skipped.ok and "已跳过不认识的收费项目 '卫生费'：1 行（第2行），共 30.00 元" in skipped.summary()
    report = run(sessions, path, "YGHY", items={"卫生费": "其他费用"})
    assert report.ok and report.counts.bills_created == 2
    with sessions() as session:
        assert session.execute(select(BillItemAlias.source, BillItemAlias.item)).all() == [("卫生费", BillItem.OTHER)]
    assert run(sessions, path, "YGHY").ok  # remembered


def test_excel_serial_dates_and_float_phones_are_undone_and_reported(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "面积", "业主", "手机", "账期", "应收金额", "实收金额", "缴费时间"],
            ["3-2-1502", "89.5", "王伟", "13800138000.0", "2026-01", "223.75", "223.75", "46056.3958333333"]]
    report = run(sessions, write_csv(tmp_path / "excel.csv", rows), "YGHY")
    assert report.ok, report.summary()
    text = report.summary()
    assert "手机: 号码被存成了数字" in text and "缴费时间: 日期变成了 Excel 的日期序号" in text
    with sessions() as session:
        assert session.scalars(select(Person.phone)).one() == "13800138000"
        assert session.scalars(select(Payment.paid_at)).one() == datetime(2026, 2, 3, 1, 30, tzinfo=UTC)


def test_hostile_cells_are_stored_as_text_or_refused_never_run(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "面积", "业主", "收费项目", "账期", "应收金额"],
            ["3-2-1502", "89.5", "Robert'); DROP TABLE unit;--", "物业费", "2026-01", "100"],
            ["3-2-1601", "90", "=HYPERLINK(\"http://x\")", "物业费", "2026-01", "100"],
            ["3-2-1701", "90", "王" * 200, "物业费", "2026-01", "100"],
            ["3-2-1801", "90", "李娜", "物业费' OR 1=1 --", "2026-01", "100"]]
    report = run(sessions, write_csv(tmp_path / "x.csv", rows), "YGHY")
    assert [(e.row, e.column) for e in report.errors] == [(4, "业主")]
    assert "太长" in report.errors[0].message
    del rows[3]
    assert run(sessions, write_csv(tmp_path / "x.csv", rows), "YGHY").ok
    with sessions() as session:
        assert set(session.scalars(select(Person.name))) == {"Robert'); DROP TABLE unit;--", '=HYPERLINK("http://x")',
                                                             "李娜"}
        assert len(session.scalars(select(Unit)).all()) == 3
        # A fee name is only a name: kept verbatim for staff, read by the word in it.
        assert session.scalar(select(Bill.item).where(Bill.item_name == "物业费' OR 1=1 --")) is BillItem.PROPERTY_FEE


def test_a_crash_while_writing_leaves_nothing_behind(sessions, tmp_path, monkeypatch):
    seed_community(sessions)
    before = row_counts(sessions)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("bot.importer.load.write_payments", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        run(sessions, good_file(tmp_path))
    assert row_counts(sessions) == before
    monkeypatch.undo()
    assert run(sessions, good_file(tmp_path)).counts.bills_created == 4  # and the file imports once it can


def test_a_parking_fee_by_plate_alone_says_what_is_missing(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "收费项目", "账期", "应收金额"], ["京A12345", "停车费", "2026-01", "300"]]
    report = run(sessions, write_csv(tmp_path / "car.csv", rows), "YGHY")
    assert [e.message for e in report.errors] == [
        "'京A12345' 是车牌号：按车收费的行需要 车位 列，或在括号里写业主的房号"]
