"""Check every row of a table and turn the good ones into ParsedRows. Pure: no database, ``now`` passed in."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from bot.db.models import BillItem
from bot.importer.dates import parse_date, parse_paid_at, parse_period, period_end
from bot.importer.duplicates import find_conflicts
from bot.importer.errors import RowError
from bot.importer.headers import Field, HeaderMap
from bot.importer.read import Row, Table
from bot.importer.records import BillFacts, ParsedRow, PaymentFacts, PersonFacts, UnitFacts
from bot.importer.unit_labels import unit_from_parts, unit_from_text
from bot.importer.values import bounded_text, parse_area, parse_phone, parse_yuan_fen
from bot.importer.vocab import parse_channel, parse_item, parse_property_type, parse_role

_T = TypeVar("_T")
TOTAL_WORDS = ("合计", "总计", "小计")
# A payment dated beyond tomorrow is a typo (2062 for 2026), not a prepayment: prepayments carry today's date.
FUTURE_TOLERANCE = timedelta(days=1)
parse_name = bounded_text(64)
parse_reference = bounded_text(64)
parse_community = bounded_text(64)


@dataclass
class Validation:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    total_rows_skipped: int = 0


def validate(table: Table, headers: HeaderMap, community_code: str | None, now: datetime) -> Validation:
    result = Validation()
    for row in table.rows:
        result.rows_read += 1
        if is_totals_row(row, headers):
            result.total_rows_skipped += 1
            continue
        cells = _RowCells(row, headers)
        parsed = _parse_row(cells, community_code, now)
        result.errors.extend(cells.errors)
        if parsed is not None:
            result.rows.append(parsed)
    result.errors.extend(find_conflicts(result.rows, headers))
    # Row by row, and within a row left to right, as staff will walk through the spreadsheet.
    position = {headers.label(f): index for f, index in headers.columns.items()}
    result.errors.sort(key=lambda e: (e.row, position.get(e.column, len(position)), e.message))
    return result


def is_totals_row(row: Row, headers: HeaderMap) -> bool:
    """The 合计 line exports add at the bottom: no unit, and a cell starting with 合计/总计/小计."""
    unit_cells = [headers.cell(row.cells, f) for f in (Field.UNIT, Field.BUILDING, Field.ROOM)]
    no_unit = not any(unit_cells) or any(c.startswith(TOTAL_WORDS) for c in unit_cells)
    return no_unit and any(cell.startswith(TOTAL_WORDS) for cell in row.cells)


class _RowCells:
    """One row's cells by field, collecting an error for every cell that does not parse."""

    def __init__(self, row: Row, headers: HeaderMap):
        self.number = row.number
        self.cells = row.cells
        self.headers = headers
        self.errors: list[RowError] = []

    def text(self, fld: Field) -> str:
        return self.headers.cell(self.cells, fld)

    def parse(self, fld: Field, parser: Callable[[str], _T]) -> _T | None:
        """The parsed cell; None when it is empty or bad (bad cells are recorded as errors)."""
        raw = self.text(fld)
        if not raw:
            return None
        try:
            return parser(raw)
        except ValueError as problem:
            self.fail(self.headers.label(fld), str(problem))
            return None

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))


def _parse_row(cells: _RowCells, community_code: str | None, now: datetime) -> ParsedRow | None:
    community = cells.parse(Field.COMMUNITY, parse_community) or community_code
    if not community:
        cells.fail(cells.headers.label(Field.COMMUNITY), "小区为空，且没有指定小区")
    unit = _unit(cells)
    person = _person(cells)
    item = cells.parse(Field.ITEM, parse_item)
    if item is None and not cells.headers.has(Field.ITEM):
        item = BillItem.PROPERTY_FEE  # exports of a single fee (the usual 物业费 sheet) have no item column
    period = cells.parse(Field.PERIOD, parse_period)
    bill = _bill(cells, item, period)
    payment = _payment(cells, item, period, now)
    if cells.errors or unit is None or not community:
        return None
    return ParsedRow(cells.number, community, unit, person, bill, payment)


def _unit(cells: _RowCells) -> UnitFacts | None:
    headers = cells.headers
    errors_before = len(cells.errors)
    if headers.has(Field.UNIT):
        label = cells.parse(Field.UNIT, unit_from_text)
    else:
        parts = [cells.text(f) for f in (Field.BUILDING, Field.ENTRANCE, Field.ROOM)]
        label = None
        if any(parts):
            try:
                label = unit_from_parts(*parts)
            except ValueError as problem:
                cells.fail(headers.unit_label, str(problem))
    if label is None and len(cells.errors) == errors_before:
        cells.fail(headers.unit_label, "房号为空")
    area = cells.parse(Field.AREA, parse_area)
    property_type = cells.parse(Field.PROPERTY_TYPE, parse_property_type)
    return UnitFacts(label, area, property_type) if label else None


def _person(cells: _RowCells) -> PersonFacts | None:
    name = cells.parse(Field.NAME, parse_name)
    phone = cells.parse(Field.PHONE, parse_phone)
    role = cells.parse(Field.ROLE, parse_role)
    if name is None:
        if phone:
            cells.fail(cells.headers.label(Field.NAME if cells.headers.has(Field.NAME) else Field.PHONE),
                       "有电话但没有姓名")
        return None
    return PersonFacts(name, phone or "", role)


def _bill(cells: _RowCells, item: BillItem | None, period: date | None) -> BillFacts | None:
    amount = cells.parse(Field.AMOUNT, parse_yuan_fen)
    if not cells.text(Field.AMOUNT):
        return None
    if not cells.text(Field.PERIOD):
        cells.fail(cells.headers.label(Field.PERIOD), "有应收金额但账期为空")
    if item is None and not cells.text(Field.ITEM):
        cells.fail(cells.headers.label(Field.ITEM), "有应收金额但收费项目为空")
    due = cells.parse(Field.DUE_DATE, parse_date)
    if amount is None or item is None or period is None:
        return None
    return BillFacts(item, period, period_end(period), amount, due)


def _payment(cells: _RowCells, item: BillItem | None, period: date | None, now: datetime) -> PaymentFacts | None:
    headers = cells.headers
    amount = cells.parse(Field.PAID_AMOUNT, parse_yuan_fen)
    paid_at = cells.parse(Field.PAID_DATE, parse_paid_at)
    has_amount, has_date = bool(cells.text(Field.PAID_AMOUNT)), bool(cells.text(Field.PAID_DATE))
    if has_date and not has_amount:
        cells.fail(headers.label(Field.PAID_AMOUNT), "有缴费日期但没有实收金额")
    if not amount:  # empty or 0: unpaid rows in a 收费明细 export carry 实收 0
        return None
    if not has_date:
        cells.fail(headers.label(Field.PAID_DATE), "有实收金额但没有缴费日期")
    if paid_at is not None and paid_at > now + FUTURE_TOLERANCE:
        cells.fail(headers.label(Field.PAID_DATE), f"'{cells.text(Field.PAID_DATE)}' 在未来，请检查年份")
        return None
    channel = cells.parse(Field.CHANNEL, parse_channel)
    reference = cells.parse(Field.REFERENCE, parse_reference)
    if paid_at is None:
        return None
    return PaymentFacts(amount, paid_at, channel, reference, item, period)
