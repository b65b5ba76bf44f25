import random
from datetime import datetime

import pytest

from bot.importer import ImportFileError
from bot.importer.layout import find_table
from bot.importer.read import read_sheets
from tests.importer.files import write_csv, write_xlsx

ROWS = [["房号", "业主姓名", "面积"], ["3栋2单元1502", "王伟", "89.50"], ["", "", ""], ["3-2-1601", "李娜", "120"]]


def table_of(path, sheet=None):
    return find_table(read_sheets(path), path.name, sheet)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_chinese_systems_use(tmp_path, encoding):
    table = table_of(write_csv(tmp_path / "units.csv", ROWS, encoding))
    assert table.header == ["房号", "业主姓名", "面积"]  # no BOM left on the first header
    # Blank rows are dropped but the others keep their spreadsheet row numbers.
    assert [(row.number, row.cells) for row in table.rows] == [(2, ROWS[1]), (4, ROWS[3])]


def test_undecodable_bytes_name_the_file_and_the_encodings_tried(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(ImportFileError) as raised:
        read_sheets(path)
    message = str(raised.value)
    assert "garbage.csv" in message
    assert "UTF-8" in message and "GB18030" in message and "GBK" in message


def test_binary_that_happens_to_decode_is_still_refused(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"\x00\x01\x02abc\x00")
    with pytest.raises(ImportFileError, match="nul.csv"):
        read_sheets(path)


def test_tab_separated_and_excel_text_guards(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text('房号\t手机\n3-2-1502\t="13800138000"\n3-2-1601\t\'13900139000\n', encoding="utf-8")
    table = table_of(path)
    assert table.header == ["房号", "手机"]
    assert [row.cells for row in table.rows] == [["3-2-1502", "13800138000"], ["3-2-1601", "13900139000"]]


def test_xlsx_keeps_excels_own_types(tmp_path):
    path = write_xlsx(tmp_path / "bills.xlsx", [
        ["房号", "面积", "账期", "应收金额", "缴费日期", "手机"],
        ["3栋2单元1502", 89.5, datetime(2026, 1, 1), 217.50000000000003, datetime(2026, 2, 3, 14, 5), 13800138000],
        [None, None, None, None, None, None],
        ["3栋2单元1601", 120, "2026-01", 300, None, None],
    ])
    table = table_of(path)
    assert table.typed and table.rows[0].number == 2  # values as Excel stored them; parsers clean them
    assert table.rows[0].cells == ["3栋2单元1502", 89.5, datetime(2026, 1, 1), pytest.approx(217.5),
                                   datetime(2026, 2, 3, 14, 5), 13800138000]
    assert table.rows[1].number == 4


def test_header_found_below_titles_and_instructions(tmp_path):
    rows = [["房号", "面积"], ["3-2-1502", "89"]]
    path = write_xlsx(tmp_path / "t.xlsx", [["", ""], ["房屋编号请写成 楼栋-单元-房号"], *rows],
                      merged_title="缴费明细表")
    table = table_of(path)
    assert (table.header_row, table.header) == (4, ["房号", "面积"])
    assert [number for number, _ in table.preamble] == [1, 3]
    assert [row.number for row in table.rows] == [5]


def test_the_sheet_with_a_table_is_chosen_and_the_others_are_named(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [["说明：本表由系统生成"]], sheet="说明",
                      extra_sheets={"房屋费用信息": [["房屋编码", "收费金额"], ["1-1-101", "100"]],
                                    "车位费用信息": [["车牌号", "收费金额"], ["京A12345", "100"]]})
    table = table_of(path)
    assert table.sheet == "房屋费用信息" and table.other_sheets == ["说明", "车位费用信息"]
    assert table_of(path, "车位费用信息").sheet == "车位费用信息"
    with pytest.raises(ImportFileError, match="没有名为 '其他' 的工作表"):
        table_of(path, "其他")


def test_no_header_anywhere_is_a_clear_error(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(ImportFileError, match="找不到表头.*第一行是：a、b"):
        table_of(path)


def test_broken_xlsx_and_old_xls_are_clear_errors(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="broken.xlsx"):
        read_sheets(broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match=r"\.xlsx"):
        read_sheets(old)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError, match="空"):
        read_sheets(path)
