"""Find the table in a sheet: the header is the row among the first ones that names the most known fields, so
titles (merged cells such as "缴费明细表"), instructions ("房屋编号: 楼栋-单元-房号；…") and blank rows above it
are skipped, and said so in the report."""

import re
from dataclasses import dataclass, field

from bot.importer.errors import ImportFileError
from bot.importer.headers import looks_like_header, normalise_header
from bot.importer.read import Cell, Sheet
from bot.importer.values import cell_text

HEADER_SEARCH_ROWS = 20
MIN_KNOWN_HEADERS = 2
_PREAMBLE_SHOWN = 40  # characters of an instruction row shown in the report


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # 1-based row in the spreadsheet
    cells: list[Cell]


@dataclass(frozen=True)
class Table:
    sheet: str
    header: list[str]  # as written
    header_row: int  # 1-based
    rows: list[Row]  # the non-blank rows under the header
    typed: bool
    preamble: list[tuple[int, str]] = field(default_factory=list)  # (row, text) above the header
    other_sheets: list[str] = field(default_factory=list)  # sheets with data that were not imported


def _score(record: list[Cell]) -> int:
    return sum(1 for cell in record if isinstance(cell, str) and looks_like_header(normalise_header(cell)))


def _header_index(sheet: Sheet) -> int | None:
    best, best_score = None, MIN_KNOWN_HEADERS - 1
    for index, record in enumerate(sheet.records[:HEADER_SEARCH_ROWS]):
        score = _score(record)
        if score > best_score:
            best, best_score = index, score
    return best


def find_table(sheets: list[Sheet], file_name: str, sheet_name: str | None = None) -> Table:
    if sheet_name is not None:
        chosen = [s for s in sheets if s.name == sheet_name]
        if not chosen:
            names = "、".join(s.name for s in sheets)
            raise ImportFileError(f"{file_name}: 没有名为 '{sheet_name}' 的工作表（有：{names}）")
    else:
        chosen = [s for s in sheets if s.has_data and _header_index(s) is not None]
    if not chosen:
        first = next((s for s in sheets if s.has_data), sheets[0])
        shown = "、".join(cell_text(c) for c in next((r for r in first.records if any(r)), []) if cell_text(c))
        raise ImportFileError(f"{file_name}: 前{HEADER_SEARCH_ROWS}行里找不到表头（需要至少两列认得的列名，如 房号、"
                              f"业主姓名、应收金额）。第一行是：{shown[:120] or '（空）'}")
    sheet = chosen[0]
    index = _header_index(sheet)
    if index is None:
        raise ImportFileError(f"{file_name}: 工作表 '{sheet.name}' 前{HEADER_SEARCH_ROWS}行里找不到表头")
    header = [cell_text(c) for c in sheet.records[index]]
    width = len(header)
    rows = []
    for number, record in enumerate(sheet.records[index + 1:], start=index + 2):
        if any(c not in (None, "") for c in record):
            rows.append(Row(number, list(record) + [None] * (width - len(record)) if len(record) < width else record))
    preamble = [(number, re.sub(r"\s+", " ", " ".join(cell_text(c) for c in record if cell_text(c)))[:_PREAMBLE_SHOWN])
                for number, record in enumerate(sheet.records[:index], start=1) if any(cell_text(c) for c in record)]
    others = [s.name for s in sheets if s is not sheet and s.has_data]
    return Table(sheet.name, header, index + 1, rows, sheet.typed, preamble, others)
