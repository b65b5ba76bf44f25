import random
from datetime import datetime

import pytest

from bot.importer import ImportFileError
from bot.importer.read import read_table
from tests.importer.files import write_csv, write_xlsx

ROWS = [["房号", "业主姓名", "面积"], ["3栋2单元1502", "王伟", "89.50"], ["", "", ""], ["3-2-1601", "李娜", "120"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_chinese_systems_use(tmp_path, encoding):
    table = read_table(write_csv(tmp_path / "units.csv", ROWS, encoding))
    assert table.header == ["房号", "业主姓名", "面积"]  # no BOM left on the first header
    # Blank rows are dropped but the others keep their spreadsheet row numbers.
    assert [(row.number, row.cells) for row in table.rows] == [(2, ROWS[1]), (4, ROWS[3])]


def test_undecodable_bytes_name_the_file_and_the_encodings_tried(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    message = str(raised.value)
    assert "garbage.csv" in message
    assert "UTF-8" in message and "GB18030" in message and "GBK" in message


def test_binary_that_happens_to_decode_is_still_refused(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"\x00\x01\x02abc\x00")
    with pytest.raises(ImportFileError, match="nul.csv"):
        read_table(path)


def test_tab_separated_and_excel_text_guards(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text('房号\t手机\n3-2-1502\t="13800138000"\n', encoding="utf-8")
    table = read_table(path)
    assert table.header == ["房号", "手机"]
    assert table.rows[0].cells == ["3-2-1502", "13800138000"]


def test_xlsx_first_sheet_values_as_strings(tmp_path):
    path = write_xlsx(tmp_path / "bills.xlsx", [
        ["房号", "面积", "账期", "应收金额", "缴费日期", "手机"],
        ["3栋2单元1502", 89.5, datetime(2026, 1, 1), 217.50000000000003, datetime(2026, 2, 3, 14, 5), 13800138000],
        [None, None, None, None, None, None],
        ["3栋2单元1601", 120, "2026-01", 300, None, None],
    ])
    table = read_table(path)
    assert table.rows[0].number == 2
    assert table.rows[0].cells == ["3栋2单元1502", "89.5", "2026-01-01", "217.5", "2026-02-03 14:05:00", "13800138000"]
    assert (table.rows[1].number, table.rows[1].cells) == (4, ["3栋2单元1601", "120", "2026-01", "300", "", ""])


def test_broken_xlsx_and_old_xls_are_clear_errors(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="broken.xlsx"):
        read_table(broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match=r"\.xlsx"):
        read_table(old)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError, match="空"):
        read_table(path)
