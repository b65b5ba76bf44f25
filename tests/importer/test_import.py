"""import_file end to end, on SQLite and on PostgreSQL with the real migrations."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.db.models import AuditLog, Bill, BillItem, Building, Occupancy, Payment, Person, Role, Unit
from bot.importer import ImportFileError, import_file
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


def test_good_file_imports(sessions, tmp_path):
    seed_community(sessions)
    report = import_file(good_file(tmp_path), sessions, None, NOW)
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
    assert "账单：新增 4，更新 0" in report.summary()


def test_reimport_changes_nothing(sessions, tmp_path):
    seed_community(sessions)
    path = good_file(tmp_path)
    import_file(path, sessions, None, NOW)
    before = row_counts(sessions)
    with sessions() as session:
        payment_refs = sorted(session.scalars(select(Payment.reference)))
    report = import_file(path, sessions, None, NOW)
    assert report.ok and report.counts.changed == 0
    assert "没有变化" in report.summary()
    after = row_counts(sessions)
    assert after == {**before, "audit_log": before["audit_log"] + 1}  # only the record of the second import
    with sessions() as session:
        assert sorted(session.scalars(select(Payment.reference))) == payment_refs


def test_changed_amount_and_area_update_in_place(sessions, tmp_path):
    seed_community(sessions)
    import_file(good_file(tmp_path), sessions, None, NOW)
    before = row_counts(sessions)
    changed = [row[:] for row in GOOD]
    changed[2][8] = "250.00"  # 3-2-1502's February bill
    changed[4][2] = "61"  # A座0801's area
    changed[1][9], changed[1][11] = "200", "支付宝"  # the WeChat payment was really 200 by Alipay
    changed[2][5] = "租户"  # 王小明 now rents rather than lives with the owner
    report = import_file(good_file(tmp_path, changed, "bills-v2.csv"), sessions, None, NOW)
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
    report = import_file(good_file(tmp_path, rows), sessions, None, NOW)
    assert not report.ok
    assert [str(e) for e in report.errors] == [
        "第4行 应收金额: '15O' 不是有效金额（应为元，最多两位小数，如 1234.50）",
        "第5行 联系电话: '1390013900' 不是11位手机号",
    ]
    assert row_counts(sessions) == before
    assert "没有写入任何数据" in report.summary() and "第5行 联系电话" in report.summary()


def test_duplicate_rows_write_nothing(sessions, tmp_path):
    seed_community(sessions)
    report = import_file(good_file(tmp_path, [*GOOD, GOOD[1]]), sessions, None, NOW)
    assert [(e.row, e.column) for e in report.errors] == [(6, "房号"), (6, "流水号")]
    assert row_counts(sessions)["unit"] == 0


def test_unknown_community_writes_nothing(sessions, tmp_path):
    seed_community(sessions)
    rows = [row[:] for row in GOOD]
    for row in rows[1:]:
        row[0] = "月亮湾"
    report = import_file(good_file(tmp_path, rows), sessions, None, NOW)
    assert [str(e) for e in report.errors] == [
        "第2行 小区名称: 小区 '月亮湾' 在系统中不存在（共4行）；"
        "导入不会新建小区，请先由工作人员创建，或检查小区名称/编号"]
    assert row_counts(sessions)["unit"] == 0


def test_community_code_argument_for_files_without_a_community_column(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "面积"], ["3-2-1502", "89.5"]]
    assert import_file(write_csv(tmp_path / "units.csv", rows), sessions, "YGHY", NOW).ok
    unknown = import_file(write_csv(tmp_path / "units.csv", rows), sessions, "NOPE", NOW)
    assert "'NOPE' 在系统中不存在" in str(unknown.errors[0])
    seed_community(sessions, "CHY", "翠湖苑")
    other = import_file(good_file(tmp_path), sessions, "CHY", NOW)  # file says 阳光花园, caller says 翠湖苑
    assert [str(e) for e in other.errors] == ["第2行 小区名称: 文件中的小区 '阳光花园' 与指定的小区 'CHY' 不一致"]
    assert row_counts(sessions)["bill"] == 0


def test_new_unit_needs_an_area(sessions, tmp_path):
    seed_community(sessions)
    rows = [["房号", "账期", "应收金额"], ["3-2-1502", "2026-01", "100"]]
    report = import_file(write_csv(tmp_path / "bills.csv", rows), sessions, "YGHY", NOW)
    assert [str(e) for e in report.errors] == ["第2行 面积: 3栋2单元1502 在系统中还没有，新建房屋需要面积"]
    assert row_counts(sessions)["bill"] == 0


def test_bills_file_for_units_already_loaded(sessions, tmp_path):
    seed_community(sessions)
    import_file(write_csv(tmp_path / "units.csv", [["房号", "面积", "业主"], ["3-2-1502", "89.5", "王伟"]]),
                sessions, "YGHY", NOW)
    bills = [["房屋编号", "计费月份", "应缴金额", "应缴日期"], ["3栋2单元1502", "202601", "223.75", "2026-01-31"]]
    report = import_file(write_csv(tmp_path / "bills.csv", bills), sessions, "YGHY", NOW)
    assert report.ok and report.counts.bills_created == 1
    with sessions() as session:
        bill = session.scalars(select(Bill)).one()
        assert (bill.item, bill.due_date) == (BillItem.PROPERTY_FEE, date(2026, 1, 31))


def test_reference_of_another_unit_is_refused(sessions, tmp_path):
    seed_community(sessions)
    import_file(good_file(tmp_path), sessions, None, NOW)
    before = row_counts(sessions)
    rows = [["房号", "面积", "实收金额", "缴费日期", "流水号"],
            ["3-2-1601", "120", "10", "2026-02-01", "WX20260203001"]]
    report = import_file(write_csv(tmp_path / "pay.csv", rows), sessions, "YGHY", NOW)
    assert [str(e) for e in report.errors] == [
        "第2行 流水号: 流水号 'WX20260203001' 已被另一个房屋的缴费记录使用"]
    assert row_counts(sessions) == before


def test_missing_columns_fail_clearly(sessions, tmp_path):
    seed_community(sessions)
    path = write_csv(tmp_path / "people.csv", [["姓名", "备注"], ["王伟", ""]])
    with pytest.raises(ImportFileError, match="缺少必需的列：房号.*文件中的列：姓名、备注"):
        import_file(path, sessions, "YGHY", NOW)


def test_undecodable_file_fails_clearly(sessions, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFileError, match="export.csv.*GB18030"):
        import_file(path, sessions, "YGHY", NOW)


def test_gbk_file_with_chinese_headers(sessions, tmp_path):
    seed_community(sessions)
    path = good_file(tmp_path, encoding="gbk")
    assert path.read_bytes()[:2] != b"\xef\xbb"  # really GBK, no UTF-8 BOM
    report = import_file(path, sessions, None, NOW)
    assert report.ok, report.summary()
    assert report.counts.bills_created == 4
    with sessions() as session:
        assert set(session.scalars(select(Person.name))) == {"王伟", "王小明", "李娜"}


def test_separate_building_entrance_and_room_columns(sessions, tmp_path):
    seed_community(sessions)
    rows = [["小区", "楼栋", "单元", "房号", "面积", "客户姓名", "手机"],
            ["YGHY", "3号楼", "2单元", "1502室", "89.5", "王伟", "13800138000"],
            ["YGHY", "3", "2", "1601", "120", "李娜", "13900139000"]]
    report = import_file(write_csv(tmp_path / "units.csv", rows), sessions, None, NOW)
    assert report.ok, report.summary()
    with sessions() as session:
        assert sorted(session.scalars(select(Unit.label))) == ["3栋2单元1502", "3栋2单元1601"]


def test_xlsx_file(sessions, tmp_path):
    seed_community(sessions)
    rows = [["项目名称", "房屋编号", "面积", "费项", "账期", "应收", "实收", "实收日期", "票据号"],
            ["阳光花园", "3-2-1502", 89.5, "物业管理费", datetime(2026, 1, 1), 223.75, 223.75,
             datetime(2026, 2, 3, 9, 30), "PJ0001"],
            ["阳光花园", "3-2-1502", 89.5, "物业管理费", "2026年2月", 223.75, None, None, None],
            ["合计", None, None, None, None, 447.5, 223.75, None, None]]
    path = write_xlsx(tmp_path / "bills.xlsx", rows)
    report = import_file(path, sessions, None, NOW)
    assert report.ok, report.summary()
    assert (report.rows_read, report.total_rows_skipped) == (3, 1)
    assert (report.counts.bills_created, report.counts.payments_created) == (2, 1)
    assert import_file(path, sessions, None, NOW).counts.changed == 0
    with sessions() as session:
        assert session.scalars(select(Payment.reference)).one() == "PJ0001"


def test_what_a_file_does_not_say_is_kept(sessions, tmp_path):
    seed_community(sessions)
    first = [["房号", "面积", "姓名", "身份", "账期", "应收金额", "截止日期"],
             ["3-2-1502", "89.5", "王小明", "租户", "2026-01", "100", "2026-01-31"]]
    import_file(write_csv(tmp_path / "first.csv", first), sessions, "YGHY", NOW)
    # A later export without 身份 or 截止日期 columns: the role and the agreed due date stay.
    later = [["房号", "姓名", "账期", "应收金额"], ["3-2-1502", "王小明", "2026-01", "100"]]
    report = import_file(write_csv(tmp_path / "later.csv", later), sessions, "YGHY", NOW)
    assert report.ok and report.counts.changed == 0
    with sessions() as session:
        assert session.scalars(select(Occupancy.role)).one() == Role.TENANT
        assert session.scalars(select(Bill.due_date)).one() == date(2026, 1, 31)
