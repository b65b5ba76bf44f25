"""Turn a CSV or XLSX file into a header and data rows of plain strings, keeping spreadsheet row numbers."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from bot.importer.errors import ImportFileError

# Chinese systems export UTF-8 (often with the BOM Excel needs) or GBK; GB18030 is a superset of GBK and GB2312.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class Row:
    number: int  # 1-based row in the spreadsheet; the header is row 1
    cells: list[str]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[Row]


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{path.name}: 旧版 .xls 格式不支持，请在 Excel 中另存为 .xlsx 或 .csv")
    records = _read_xlsx(path) if suffix in XLSX_SUFFIXES else _read_csv(path)
    if not records or not any(records[0]):
        raise ImportFileError(f"{path.name}: 文件是空的，或第1行不是表头")
    rows = [Row(number, cells) for number, cells in enumerate(records[1:], start=2) if any(cells)]
    return Table(header=records[0], rows=rows)


def decode_csv_bytes(data: bytes, name: str) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # decodes, but is a binary file (or UTF-16) rather than CSV text
            break
        return text
    raise ImportFileError(
        f"{name}: 无法识别文件编码，不是 CSV 文本文件（已尝试 UTF-8、UTF-8 BOM、GB18030/GBK）。"
        "请在 Excel 中另存为 “CSV UTF-8” 或 .xlsx。"
    )


def _read_csv(path: Path) -> list[list[str]]:
    text = decode_csv_bytes(path.read_bytes(), path.name)
    first_line = text.split("\n", 1)[0]
    # Some systems write tab-separated text with a .csv name.
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    return [[_clean_text(cell) for cell in record] for record in csv.reader(io.StringIO(text, newline=""),
                                                                             delimiter=delimiter)]


def _read_xlsx(path: Path) -> list[list[str]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise ImportFileError(f"{path.name}: 不是有效的 .xlsx 文件（{error.__class__.__name__}）") from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in record] for record in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _clean_text(text: str) -> str:
    text = text.strip()
    # ="13800138000" is how exporters stop Excel from eating leading zeros and long digits.
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        text = text[2:-1].strip()
    return text


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        # Formulas leave binary noise (217.50000000000003); ten places drops the noise but keeps real precision.
        return str(int(value)) if value.is_integer() else f"{value:.10f}".rstrip("0").rstrip(".")
    return _clean_text(str(value))
