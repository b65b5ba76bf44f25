"""Headers as real exports write them, and where every column goes (pure: no database)."""

import pytest

from bot.db.models import BillItem
from bot.importer.columns import How, UserRules, plan_columns
from bot.importer.headers import Field, known_reason, normalise_header, recognise
from bot.importer.layout import Row, Table


@pytest.mark.parametrize(("written", "field"), [
    ("小区名称", Field.COMMUNITY), ("项目名称", Field.COMMUNITY), ("房屋编号", Field.UNIT), ("房屋编码", Field.UNIT),
    ("面积(㎡)", Field.AREA), ("建筑面积（㎡）", Field.AREA), ("建筑面积(不能为空)", Field.AREA), ("* 客户姓名",
                                                                                 Field.NAME),
    ("联系电话", Field.PHONE), ("业主电话号码", Field.PHONE), ("人员类型", Field.ROLE), ("费项", Field.ITEM),
    ("费用名称", Field.ITEM), ("费用项", Field.ITEM), ("费用类型", Field.ITEM_TYPE), ("费用所属期", Field.PERIOD),
    ("应缴金额(元)", Field.BILLED), ("应缴/应收金额", Field.BILLED), ("收费金额", Field.BILLED),
    ("应付金额(单位:元)", Field.BILLED), ("应收金额（元）", Field.BILLED), ("缴费截止日", Field.DUE_DATE),
    ("已缴金额", Field.PAID), ("实收金额（元）", Field.PAID), ("收款日期", Field.PAID_AT), ("缴费时间", Field.PAID_AT),
    ("支付方式", Field.CHANNEL), ("交易单号", Field.REFERENCE), ("订单号", Field.REFERENCE), ("收银员", Field.CASHIER),
    ("欠费金额", Field.ARREARS), ("优惠金额", Field.DISCOUNT), ("减免金额", Field.DISCOUNT), ("滞纳金", Field.LATE_FEE),
    ("费用开始时间", Field.PERIOD_START), ("计费起始时间", Field.PERIOD_START), ("结束时间", Field.PERIOD_END),
    ("资产类型(不能为空)", Field.UNIT_KIND), ("园区编号/建筑商开发期数", Field.PHASE), ("栋", Field.BUILDING),
    ("单元/区域", Field.ENTRANCE), ("门牌号/编号(不能为空)", Field.ROOM), ("业主身份证号", Field.PERSON_KEY),
    ("车位", Field.PARKING_SPACE), ("收费对象", Field.UNIT), ("欠费时间段", Field.PERIOD),
    ("开始时间\n（必填）", Field.PERIOD_START), ("*房屋编号*", Field.UNIT),
])
def test_real_world_spellings(written, field):
    assert recognise(normalise_header(written)) is field


def test_noise_is_stripped_but_meaning_kept():
    assert normalise_header(" 建筑面积（㎡）(必填) ") == "建筑面积"
    assert normalise_header("物业费(欠费/实收)") == "物业费(欠费/实收)"
    assert normalise_header("欠费时长（天）") == "欠费时长"


@pytest.mark.parametrize(("spelling", "starts"), [
    ("备注", "文字说明"), ("序号", "序号"), ("费用状态", "状态"), ("欠费时长", "数量或时长"), ("付费周期",
                                                                      "数量或时长"),
    ("室内面积", "只导入一个面积"), ("费用编号", "原系统内部编号"), ("费用ID", "原系统内部编号"), ("合计", "合计列"),
    ("车牌号", "车牌号"), ("楼层", "楼层"),
])
def test_known_columns_that_are_not_stored_say_why(spelling, starts):
    assert known_reason(spelling).value.startswith(starts)


def table(header: list[str], *rows: list[object], sheet: str = "Sheet1") -> Table:
    return Table(sheet, header, 1, [Row(n, list(r)) for n, r in enumerate(rows, start=2)], typed=False)


def plan(t: Table, rules: UserRules | None = None, community: str | None = "YGHY", context: str = "",
         items: dict | None = None):
    return plan_columns(t, rules or UserRules(), items or {}, community, context)


def fields(p) -> dict[str, Field]:
    return {m.header: m.field for m in p.mapped}


def test_room_beside_building_columns_is_the_room_unless_it_holds_whole_units():
    split = plan(table(["楼号", "单元", "房号", "面积"], ["3", "2", "1502", "89"]))
    assert fields(split) == {"楼号": Field.BUILDING, "单元": Field.ENTRANCE, "房号": Field.ROOM, "面积": Field.AREA}
    whole = plan(table(["楼栋", "房号", "面积"], ["3栋", "3-2-1502", "89"]))
    assert fields(whole) == {"房号": Field.UNIT, "面积": Field.AREA}
    assert [(i.header, i.reason) for i in whole.ignored] == [("楼栋", "楼栋/单元已包含在整列房号里")]


def test_an_unmapped_money_column_stops_the_import_naming_it():
    p = plan(table(["房号", "面积", "单价"], ["3-2-1502", "89", "2.50"], ["3-2-1601", "90", "2.8"]))
    (problem,) = p.problems
    assert problem.header == "单价"
    assert "列 '单价' 里是金额（如 2.50、2.8，共 2 格）" in problem.message
    assert "--map '单价=<billed|paid|arrears|discount|late_fee>'" in problem.message
    assert "--ignore '单价'" in problem.message
    # A column named after a fee item (租金 in a room list) asks which kind of amount it is, or to ignore it.
    rent = plan(table(["房号", "面积", "租金"], ["3-2-1502", "89", "1500.00"]))
    assert "--map '租金=billed'" in rent.problems[0].message and "--ignore '租金'" in rent.problems[0].message


@pytest.mark.parametrize(("header", "values", "looks"), [
    ("建账时间", ["2026-01-01", "2026-02-01"], "日期"), ("联系人电话2", ["13800138000", "13900139000"], "电话号码"),
    ("", ["12.50", "30"], "金额"), ("其他", ["45292", "45300"], "金额"),
])
def test_dates_phones_and_headerless_amounts_stop_too(header, values, looks):
    p = plan(table(["房号", "面积", header], *[["3-2-1502", "89", v] for v in values]))
    assert [looks in problem.message for problem in p.problems] == [True]


def test_text_empty_and_all_zero_columns_are_left_out_with_their_reason():
    p = plan(table(["房号", "面积", "楼盘备注x", "账户抵扣", "空列"], ["3-2-1502", "89", "临街", "0", ""],
                   ["3-2-1601", "90", "", "0.00", ""]))
    assert p.problems == []
    assert {i.header: i.reason for i in p.ignored} == {
        "楼盘备注x": "没有对应的字段，文字", "账户抵扣": "没有对应的字段，全部为 0", "空列": "没有对应的字段，空列"}


def test_a_single_non_zero_value_late_in_the_file_is_not_lost():
    rows = [["3-2-1502", "89", "0"]] * 6000 + [["3-2-1601", "90", "12.30"]]
    p = plan(table(["房号", "面积", "账户抵扣"], *rows))
    assert [problem.header for problem in p.problems] == ["账户抵扣"]


def test_two_columns_for_one_field_are_not_chosen_between_silently():
    p = plan(table(["房号", "账期", "应缴金额", "应收金额"], ["3-2-1502", "2026-01", "300", "285"]))
    (problem,) = p.problems
    assert "和 '应缴金额' 都像是 应收金额" in problem.message
    assert "--map '应收金额=billed' --ignore '应缴金额'" in problem.message
    same = plan(table(["房号", "账期", "应缴金额", "应收金额"], ["3-2-1502", "2026-01", "300", "300.00"]))
    assert same.problems == []
    assert [(i.header, i.reason) for i in same.ignored] == [("应收金额", "与 '应缴金额' 每一行都相同，只用一列")]
    chosen = plan(table(["房号", "账期", "应缴金额", "应收金额"], ["3-2-1502", "2026-01", "300", "285"]),
                  UserRules(mapped={"应收金额": "billed"}, ignored=frozenset({"应缴金额"})))
    assert chosen.problems == [] and fields(chosen)["应收金额"] is Field.BILLED
    assert [(i.header, i.how) for i in chosen.ignored] == [("应缴金额", How.IGNORED)]


def test_map_and_remembered_rules_take_precedence_over_wording():
    t = table(["房屋", "本期金额", "账期"], ["3-2-1502", "300", "2026-01"])
    assert plan(t).problems  # 本期金额 is nothing we know
    mapped = plan(t, UserRules(mapped={"本期金额": "应收金额"}))
    assert fields(mapped)["本期金额"] is Field.BILLED and mapped.mapped[1].how is How.MAPPED
    remembered = plan(t, UserRules(remembered={"本期金额": "billed"}))
    assert remembered.mapped[1].how is How.REMEMBERED and remembered.problems == []


def test_unknown_map_targets_and_sources_are_reported():
    p = plan(table(["房号", "面积"], ["3-2-1502", "89"]), UserRules(mapped={"面积": "size", "楼层": "area"}))
    messages = " ".join(problem.message for problem in p.problems)
    assert "没有叫 'size' 的字段" in messages and "'楼层' 不在文件的表头里" in messages


def test_per_item_columns_follow_the_files_own_words():
    header = ["房号", "开始时间", "结束时间", "物业费", "卫生费", "合计"]
    row = ["3-2-1502", "2026-01-01", "2026-06-30", "600", "30", "630"]
    arrears = plan(table(header, row), context="欠费清单.xlsx 欠费清单", items={"卫生费": BillItem.PROPERTY_FEE})
    assert arrears.per_item[0] is Field.ARREARS
    assert [(m.header, m.item) for m in arrears.item_columns] == [("物业费", BillItem.PROPERTY_FEE),
                                                                  ("卫生费", BillItem.PROPERTY_FEE)]
    unclear = plan(table(header, row), context="export.csv")
    # 物业费: which kind of amount? 卫生费 is not a known item here, so it is an unclaimed money column.
    assert [problem.header for problem in unclear.problems] == ["物业费", "卫生费"]


def test_requirements_say_what_is_missing():
    def missing(header, community="YGHY"):
        return " ".join(p.message for p in plan(table(header, ["x"] * len(header)), community=community).problems)

    assert "缺少必需的列：房号" in missing(["姓名", "面积"])
    assert "缺少必需的列：账期" in missing(["房号", "应收金额"])
    assert "缺少必需的列：缴费时间" in missing(["房号", "实收金额"])
    assert "--community" in missing(["房号", "面积"], community=None)
    assert "缺少必需的列：楼栋" in missing(["门牌号", "面积"])
    assert missing(["小区", "房号", "面积"], community=None) == ""
