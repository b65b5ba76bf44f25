"""Check every row of a table and turn the good ones into ParsedRows. Pure: no database, ``now`` passed in."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from bot.db.models import BillItem, UnitKind
from bot.importer.columns import ColumnPlan, Mapped
from bot.importer.dates import month_end, parse_date, parse_paid_at, parse_period, period_range
from bot.importer.duplicates import find_conflicts
from bot.importer.errors import RowError
from bot.importer.headers import Field
from bot.importer.layout import Row, Table
from bot.importer.notes import Notes
from bot.importer.records import ChargeFacts, ChargeSource, ParsedRow, PaymentFacts, PersonFacts, UnitFacts
from bot.importer.unit_labels import canonical_phase, unit_from_parts, unit_from_text, unit_kind
from bot.importer.values import (
    PLACEHOLDERS,
    Repair,
    bounded_text,
    cell_text,
    is_blank,
    parse_area,
    parse_phone,
    parse_reference,
    parse_yuan_fen,
)
from bot.importer.vocab import PROPERTY_TYPE_OF_KIND, ItemResolver, parse_channel, parse_role, word_key

_T = TypeVar("_T")
TOTAL_WORDS = ("合计", "总计", "小计", "总欠费", "总实收", "总应收", "汇总")
# A payment dated beyond tomorrow is a typo (2062 for 2026), not a prepayment: prepayments carry today's date.
FUTURE_TOLERANCE = timedelta(days=1)
# "张三(13800138000)", "张三（）", "张三 13800138000": the phone some reports glue to the owner's name.
_NAME_AND_PHONE = re.compile(
    r"(?P<name>[^()（）\d]+?)\s*(?:[(（](?P<inner>[\d\s\-+.]*)[)）]|\s(?P<after>[\d\s\-+]{7,}))\s*")
parse_name = bounded_text(64)
parse_community = bounded_text(64)
parse_cashier = bounded_text(32)
parse_item_name = bounded_text(64)
parse_person_key = bounded_text(64)
_UNIT_FIELDS = (Field.UNIT, Field.BUILDING, Field.ROOM, Field.PARKING_SPACE)
_CACHE_TRIAL = 2_000  # distinct values a column may cache before it must show it repeats them


@dataclass
class Validation:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    rows_read: int = 0
    total_rows_skipped: int = 0
    empty_rows_skipped: int = 0
    # Unknown fee names skipped with --skip-unknown-items: name → (rows, fen).
    skipped_items: dict[str, tuple[list[int], int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    community_code: str | None
    now: datetime
    skip_unknown_items: bool = False


def validate(table: Table, plan: ColumnPlan, items: ItemResolver, options: Options,
             track: Callable[[Iterable[Row]], Iterable[Row]] = iter) -> Validation:
    result = Validation()
    reader = _Reader(plan, items, options, result)
    for row in track(table.rows):
        result.rows_read += 1
        if reader.is_totals_row(row):
            result.total_rows_skipped += 1
            continue
        parsed = reader.parse(row)
        if parsed is not None:
            result.rows.append(parsed)
    result.errors.extend(find_conflicts(result.rows, plan))
    # Row by row, and within a row left to right, as staff will walk through the spreadsheet.
    result.errors.sort(key=lambda e: (e.row, plan.position(e.column), e.message))
    return result


class _Reader:
    def __init__(self, plan: ColumnPlan, items: ItemResolver, options: Options, result: Validation):
        self.plan, self.items, self.options, self.result = plan, items, options, result
        self.index = {fld: plan.index(fld) for fld in Field}
        self.sums = {fld: plan.columns(fld) for fld in (Field.BILLED, Field.DISCOUNT, Field.PAID, Field.ARREARS,
                                                        Field.LATE_FEE)}
        self.item_columns = plan.item_columns
        blame = (Field.UNIT, Field.ROOM, Field.PARKING_SPACE, Field.BUILDING)  # the cell staff fix first
        self.unit_column = next((plan.label(f) for f in blame if plan.has(f)), "房号")
        self.unit_indexes = [i for f in _UNIT_FIELDS if (i := self.index[f]) is not None]
        self.labels = {fld: plan.label(fld) for fld in Field}
        # Parsers are pure and exports repeat values (a flat's unit on each of its 12 bills, the same months and
        # fee names), so each column remembers what its values parsed to, up to a bound.
        self.cache: dict[tuple, dict[object, tuple[bool, object]] | None] = {}
        self.hits: dict[tuple, int] = {}

    # ------------------------------------------------------------------------------------------ cells
    def raw(self, cells: list[object], fld: Field) -> object:
        index = self.index[fld]
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        # The reader has stripped text already, so this is is_blank without the strip (called for every cell).
        if value is None or value == "" or (value.__class__ is str and value in PLACEHOLDERS):
            return None
        return value

    def parse(self, row: Row) -> ParsedRow | None:
        self.row, self.cells, self.failed = row.number, row.cells, False
        return self._parse_row()

    def fail(self, column: str, message: str) -> None:
        self.failed = True
        self.result.errors.append(RowError(self.row, column, message))

    def get(self, fld: Field, parser: Callable[[object], _T]) -> _T | None:
        """The parsed cell; None when it is empty or bad (bad cells are recorded as errors)."""
        value = self.raw(self.cells, fld)
        if value is None:
            return None
        return self._parse(value, parser, self.labels[fld])

    def _parse(self, value: object, parser: Callable[[object], _T], column: str) -> _T | None:
        key = (column, getattr(parser, "__code__", parser))
        cache = self.cache.setdefault(key, {})
        known = cache.get(value) if cache is not None else None
        if known is None:
            try:
                known = (True, parser(value))
            except ValueError as problem:
                known = (False, str(problem))
            if cache is not None:
                cache[value] = known
                if len(cache) >= _CACHE_TRIAL and self.hits.get(key, 0) < len(cache):
                    self.cache[key] = None  # values that do not repeat (流水号, times): not worth the memory
        else:
            self.hits[key] = self.hits.get(key, 0) + 1
        ok, parsed = known
        if not ok:
            self.fail(column, parsed)
            return None
        if isinstance(parsed, tuple) and len(parsed) >= 2 and isinstance(parsed[-1], Repair | tuple | None):
            repairs = parsed[-1] if isinstance(parsed[-1], tuple) else (parsed[-1],)
            for repair in repairs:
                if repair is not None:
                    shown = "~".join(map(cell_text, value)) if isinstance(value, tuple) else cell_text(value)
                    self.result.notes.add(column, repair.value, self.row, shown)
            parsed = parsed[0] if len(parsed) == 2 else parsed[:-1]
        return parsed

    def money(self, columns: list[Mapped]) -> int | None:
        """The sum of the columns' amounts (several discount columns add up); None when all are empty."""
        total, seen = 0, False
        for column in columns:
            value = self.cells[column.index] if column.index < len(self.cells) else None
            if value is None or value == "" or (value.__class__ is str and value in PLACEHOLDERS):
                continue
            fen = self._parse(value, parse_yuan_fen, column.header)
            if fen is not None:
                total, seen = total + fen, True
        return total if seen else None

    def is_totals_row(self, row: Row) -> bool:
        """The 合计 line exports add at the bottom: no unit, and a cell starting with 合计/总计/小计."""
        unit_cells = [cell_text(row.cells[i]) for i in self.unit_indexes if i < len(row.cells)]
        no_unit = not any(unit_cells) or any(c.startswith(TOTAL_WORDS) for c in unit_cells)
        return no_unit and any(isinstance(c, str) and c.startswith(TOTAL_WORDS) for c in row.cells)

    # ------------------------------------------------------------------------------------------- row
    def _parse_row(self) -> ParsedRow | None:
        community = self.get(Field.COMMUNITY, parse_community) or self.options.community_code
        if not community:
            self.fail(self.labels[Field.COMMUNITY], "小区为空，且没有指定小区")
        unit = self._unit()
        person = self._person()
        charges, payment = self._money()
        if self.failed or unit is None or not community:
            return None
        if person is None and not charges and payment is None and unit.area_sqm is None \
                and self.raw(self.cells, Field.UNIT_KIND) is None:
            self.result.empty_rows_skipped += 1  # a template row listing a unit with nothing filled in
            return None
        return ParsedRow(self.row, community, unit, person, charges, payment)

    def _unit(self) -> UnitFacts | None:
        errors_before = len(self.result.errors)
        kind = self.get(Field.UNIT_KIND, lambda v: unit_kind(cell_text(v)))
        phase = self.get(Field.PHASE, lambda v: canonical_phase(cell_text(v))) or ""
        address = None
        for fld in _UNIT_FIELDS:
            value = self.raw(self.cells, fld)
            if isinstance(value, datetime | date):
                self.fail(self.labels[fld], f"'{cell_text(value)}' 是日期：Excel 把房号（如 3-2-15）当成了日期。"
                                                "请在原系统重新导出，或先把该列设为“文本”格式")
                return None
        space = self.raw(self.cells, Field.PARKING_SPACE)
        try:
            if space is not None:
                address = unit_from_text(cell_text(space), UnitKind.PARKING_SPACE, phase)
                if self.raw(self.cells, Field.UNIT) is not None:
                    self.result.notes.add(self.labels[Field.PARKING_SPACE], "按车位记账（房号列是车牌或业主房号）",
                                          self.row, cell_text(space))
            elif self.index[Field.UNIT] is not None:
                text = cell_text(self.raw(self.cells, Field.UNIT) or "")
                if text:
                    address = unit_from_text(text, kind, phase)
                    if "(" in text or "（" in text:
                        self.result.notes.add(self.unit_column, "按括号里的房号记账", self.row, text)
            else:
                parts = [cell_text(self.raw(self.cells, f) or "") for f in (Field.BUILDING, Field.ENTRANCE,
                                                                            Field.ROOM)]
                if parts[2] or parts[0]:
                    address = unit_from_parts(*parts, kind=kind, phase=phase)
        except ValueError as problem:
            self.fail(self.unit_column, str(problem))
            return None
        if address is None:
            if len(self.result.errors) == errors_before:
                self.fail(self.unit_column, "房号为空")
            return None
        area = self.get(Field.AREA, parse_area)
        property_type = PROPERTY_TYPE_OF_KIND[address.kind] if kind is not None else None
        return UnitFacts(address, area, property_type)

    def _person(self) -> PersonFacts | None:
        name = self.get(Field.NAME, parse_name)
        phone = self.get(Field.PHONE, parse_phone)
        if name and (match := _NAME_AND_PHONE.fullmatch(name)) is not None:
            glued = (match["inner"] or match["after"] or "").strip()
            name = None if is_blank(match["name"]) else match["name"].strip()
            if glued and not is_blank(glued) and phone is None:
                phone = self._parse(glued, parse_phone, self.labels[Field.NAME])
        role = self.get(Field.ROLE, lambda v: parse_role(cell_text(v)))
        key = self.get(Field.PERSON_KEY, parse_person_key)
        if not name:
            if phone:
                self.fail(self.labels[Field.NAME if self.plan.has(Field.NAME) else Field.PHONE], "有电话但没有姓名")
            return None
        return PersonFacts(name, phone, role, key)

    def _period(self) -> tuple[date, date] | None:
        if self.index[Field.PERIOD] is not None:
            return self.get(Field.PERIOD, parse_period)
        start_value, end_value = self.raw(self.cells, Field.PERIOD_START), self.raw(self.cells, Field.PERIOD_END)
        if start_value is None:
            return None
        if end_value is None:  # only a start: a month when it names one, otherwise the end is needed
            found = self._parse(start_value, lambda v: period_range(v, v), self.labels[Field.PERIOD_START])
            if found is None:
                return None
            start, end = found
            if start.day != 1 or end != month_end(start) and end != start:
                self.fail(self.labels[Field.PERIOD_END], "有开始时间但结束时间为空")
                return None
            return start, month_end(start)
        column = f"{self.labels[Field.PERIOD_START]}/{self.labels[Field.PERIOD_END]}"
        return self._parse((start_value, end_value), lambda pair: period_range(*pair), column)

    def _item(self) -> tuple[BillItem | None, str | None, str]:
        """The row's item, the company's own name for it (when it says more than the item) and that text."""
        text = cell_text(self.raw(self.cells, Field.ITEM) or "")
        category = cell_text(self.raw(self.cells, Field.ITEM_TYPE) or "")
        if not text and not category:
            return self.plan.default_item, None, ""
        item = self.items.resolve(text) if text else None
        if item is None and category:
            item = self.items.resolve(category)
        shown = text or category
        # The company's wording is kept when it says more than our item's name (月租停车费, 物业费(住宅)).
        name = shown[:64] if item is not None and word_key(shown) != word_key(item.value) else None
        return item, name, shown

    def _money(self) -> tuple[tuple[ChargeFacts, ...], PaymentFacts | None]:
        """The row's charges and payment. Every cell is parsed even after one fails, so all errors are listed."""
        plan = self.plan
        billed = self.money(self.sums[Field.BILLED])
        discount = self.money(self.sums[Field.DISCOUNT]) or 0
        discount_known = bool(self.sums[Field.DISCOUNT])
        late = self.money(self.sums[Field.LATE_FEE]) or 0
        paid = self.money(self.sums[Field.PAID])
        arrears = self.money(self.sums[Field.ARREARS])
        per_item = [(column, fen) for column in self.item_columns
                    if (fen := self.money([column])) is not None and fen > 0]
        row_money = any(self.raw(self.cells, f) is not None for f in self.sums)  # filled in, valid or not
        period = self._period()
        item, item_name, item_text = self._item() if row_money else (None, None, "")
        due = self.get(Field.DUE_DATE, parse_date)
        has_money = bool(billed or arrears or late or per_item)
        if has_money and period is None and self.raw(self.cells, Field.PERIOD) is None \
                and self.raw(self.cells, Field.PERIOD_START) is None:
            self.fail(self.labels[Field.PERIOD if plan.has(Field.PERIOD) else Field.PERIOD_START], "有金额但账期为空")
        if item is None and row_money and (billed or arrears or paid or late or self.failed):
            if item_text and self.options.skip_unknown_items and not self.failed:
                rows, fen = self.result.skipped_items.get(item_text, ([], 0))
                self.result.skipped_items[item_text] = ([*rows, self.row], fen + (billed or arrears or paid or 0))
                return (), None
            column = self.labels[Field.ITEM if plan.has(Field.ITEM) else Field.ITEM_TYPE]
            if item_text:
                self.fail(column, f"'{item_text}' 不是可识别的收费项目；可用 --item '{item_text}=物业费'（或 水费、"
                                  "停车费、押金 等）写入本公司对照表，或用 --skip-unknown-items 跳过这类行")
            else:
                self.fail(column, "有金额但收费项目为空")
        start, end = period if period else (None, None)
        payment = self._payment(paid, item, start) if paid else None
        if billed is not None and discount > billed:
            self.fail(self.labels[Field.DISCOUNT], f"优惠/减免 {discount / 100:.2f} 元大于应收 {billed / 100:.2f} 元")
        if self.failed or (period is None and has_money):
            return (), None
        charges: list[ChargeFacts] = []
        if billed is not None and (billed > 0 or discount > 0):
            charges.append(ChargeFacts(item, item_name, start, end, billed - discount,
                                       discount if discount_known else None, ChargeSource.BILLED,
                                       due))
        elif billed is None and arrears:
            charges.append(ChargeFacts(item, item_name, start, end, arrears, 0, ChargeSource.ARREARS, due))
        if late:
            charges.append(ChargeFacts(BillItem.LATE_FEE, None, start, end, late, 0, ChargeSource.BILLED, due))
        if per_item:
            arrears_columns = plan.per_item is not None and plan.per_item[0] is Field.ARREARS
            source = ChargeSource.ARREARS if arrears_columns else ChargeSource.BILLED
            charges.extend(ChargeFacts(column.item, None, start, end, fen, 0, source, due) for column, fen in per_item)
        if billed is not None and arrears is not None:  # 应收, 实收 and 欠费 side by side must add up
            expected = sum(c.owed_fen for c in charges if c.source is ChargeSource.BILLED) - (paid or 0)
            if max(expected, 0) != arrears:
                self.fail(self.labels[Field.ARREARS], (
                    f"欠费 {arrears / 100:.2f} 元与 应收−优惠+滞纳金−实收 = {expected / 100:.2f} 元对不上；"
                    f"若欠费列另有含义，用 --ignore '{self.labels[Field.ARREARS]}'"))
                return (), None
        return tuple(charges), payment

    def _payment(self, paid: int, item: BillItem | None, start: date | None) -> PaymentFacts | None:
        paid_value = self.raw(self.cells, Field.PAID_AT)
        if paid_value is None:
            self.fail(self.labels[Field.PAID_AT], "有实收金额但没有缴费时间")
            return None
        paid_at = self._parse(paid_value, parse_paid_at, self.labels[Field.PAID_AT])
        if paid_at is None:
            return None
        if paid_at > self.options.now + FUTURE_TOLERANCE:
            self.fail(self.labels[Field.PAID_AT], f"'{cell_text(paid_value)}' 在未来，请检查年份")
            return None
        channel = self.get(Field.CHANNEL, lambda v: parse_channel(cell_text(v)))
        reference = self.get(Field.REFERENCE, parse_reference)
        cashier = self.get(Field.CASHIER, parse_cashier)
        if self.failed:
            return None
        return PaymentFacts(paid, paid_at, channel, reference or None, cashier, item, start)

