"""Read a CSV or XLSX file into sheets of rows, keeping spreadsheet row numbers and, for XLSX, Excel's own cell
types (numbers, dates, text), which is what tells a phone typed as text from one Excel turned into a number."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from bot.importer.errors import ImportFileError

# Chinese systems export UTF-8 (often with the BOM Excel needs) or GBK; GB18030 is a superset of GBK and GB2312.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
Cell = object  # str for CSV; str, int, float, datetime, date, time, bool or None for XLSX


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet's title; the file's name for a CSV
    records: list[list[Cell]]  # every row as read, blank ones included, so index + 1 is the spreadsheet row
    typed: bool  # True for XLSX: numbers and dates are Excel's, not text

    @property
    def has_data(self) -> bool:
        return any(_filled(record) for record in self.records)


def _untracked(items, total: int, what: str):
    return items


def read_sheets(path: Path, track=_untracked) -> list[Sheet]:
    """``track(items, total, what)`` reports progress over an XLSX sheet's rows (CSV reads fast enough)."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(f"{path.name}: 旧版 .xls 格式不支持，请在 Excel 中另存为 .xlsx 或 .csv")
    sheets = _read_xlsx(path, track) if suffix in XLSX_SUFFIXES else [Sheet(path.name, _read_csv(path), typed=False)]
    if not any(sheet.has_data for sheet in sheets):
        raise ImportFileError(f"{path.name}: 文件是空的")
    return sheets


def _filled(record: list[Cell]) -> bool:
    return any(cell not in (None, "") for cell in record)


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


def _read_csv(path: Path) -> list[list[Cell]]:
    text = decode_csv_bytes(path.read_bytes(), path.name)
    first_lines = text[:4096]
    # Some systems write tab- or semicolon-separated text with a .csv name.
    delimiter = max((",", "\t", ";"), key=first_lines.count)
    # Exports repeat most values (months, fee names, a flat on each of its bills): one string object per value
    # keeps a 100,000-row file's cells in about half the memory.
    seen: dict[str, str] = {}
    return [[seen.setdefault(cleaned, cleaned) for cell in record for cleaned in (_clean_text(cell),)]
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(path: Path, track) -> list[Sheet]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise ImportFileError(f"{path.name}: 不是有效的 .xlsx 文件（{error.__class__.__name__}）") from error
    try:
        return [Sheet(sheet.title, [[_clean_text(v) if isinstance(v, str) else v for v in record]
                                    for record in track(sheet.iter_rows(values_only=True), sheet.max_row or 0,
                                                        f"读取 {sheet.title}")], typed=True)
                for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _clean_text(text: str) -> str:
    text = text.strip()
    # ="13800138000" is how exporters stop Excel from eating leading zeros and long digits.
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        text = text[2:-1].strip()
    # A leading apostrophe is Excel's own "keep as text" mark when it leaks into an export.
    return text[1:] if text.startswith("'") and len(text) > 1 and text[1].isdigit() else text
