"""Checks across rows of one file: the same bill or payment twice, overlapping periods, or one unit or person
described two ways. Pure.

Two rows may name the same bill: that is a second payment for it (an instalment), and fine when they agree on
what the bill is. Rows that say the same thing twice, or disagree, are errors.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from bot.db.models import BillItem
from bot.importer.columns import ColumnPlan
from bot.importer.errors import RowError
from bot.importer.headers import Field
from bot.importer.records import ChargeFacts, ParsedRow

# Items charged once rather than for consecutive periods: their ranges may overlap.
ONE_OFF_ITEMS = frozenset({BillItem.DEPOSIT, BillItem.MAINTENANCE_FUND, BillItem.OTHER})


@dataclass(frozen=True)
class _Claim:
    """A row saying "this key has this value"; a second row with the same key is a duplicate or a conflict."""

    row: int
    key: Hashable
    value: Hashable
    column: str
    description: str


def bill_key(row: ParsedRow, charge: ChargeFacts) -> tuple:
    return row.community, row.unit.key, charge.item, charge.period_start


def find_conflicts(rows: list[ParsedRow], plan: ColumnPlan) -> list[RowError]:
    unit_column = next((plan.label(f) for f in (Field.UNIT, Field.ROOM, Field.PARKING_SPACE) if plan.has(f)), "房号")
    errors = _bills(rows, unit_column, plan)
    errors += _overlaps(rows, plan)
    errors += _payments(rows, plan)
    errors += _disagreements(_unit_claims(rows, plan))
    errors += _disagreements(_role_claims(rows, plan))
    errors += _disagreements(_person_key_claims(rows, plan))
    return errors


def _period_text(charge: ChargeFacts) -> str:
    start, end = charge.period_start, charge.period_end
    if start.day == 1 and end.month == start.month and end.year == start.year and (end.day >= 28):
        return start.strftime("%Y-%m")
    return f"{start.isoformat()}~{end.isoformat()}"


def _bills(rows: list[ParsedRow], unit_column: str, plan: ColumnPlan) -> list[RowError]:
    first: dict[tuple, tuple[ParsedRow, ChargeFacts]] = {}
    errors = []
    for row in rows:
        for charge in row.charges:
            key = bill_key(row, charge)
            if key not in first:
                first[key] = (row, charge)
                continue
            earlier_row, earlier = first[key]
            what = f"{row.unit.shown} {charge.item.value} {_period_text(charge)} 的账单"
            same = (earlier.period_end, earlier.owed_fen, earlier.discount_fen, earlier.source) == (
                charge.period_end, charge.owed_fen, charge.discount_fen, charge.source)
            if not same:
                column = plan.label(Field.BILLED) if plan.has(Field.BILLED) else unit_column
                errors.append(RowError(row.number, column,
                                       f"{what} 与第{earlier_row.number}行不一致（金额 {earlier.owed_fen / 100:.2f}"
                                       f" / {charge.owed_fen / 100:.2f}，结束 {earlier.period_end} / "
                                       f"{charge.period_end}）"))
            elif row.payment is None:  # a second payment of the bill is fine; a repeated one is found below
                errors.append(RowError(row.number, unit_column, f"{what} 与第{earlier_row.number}行重复"))
    return errors


def _overlaps(rows: list[ParsedRow], plan: ColumnPlan) -> list[RowError]:
    """Two different bills of one unit and item whose periods overlap would charge the same days twice."""
    ranges: dict[tuple, dict[tuple, tuple[int, ChargeFacts]]] = {}
    for row in rows:
        for charge in row.charges:
            if charge.item not in ONE_OFF_ITEMS:
                by_start = ranges.setdefault((row.community, row.unit.key, charge.item), {})
                by_start.setdefault(charge.period_start, (row.number, charge))
    errors = []
    column = plan.label(Field.PERIOD if plan.has(Field.PERIOD) else Field.PERIOD_START)
    for (_, (phase, label), item), by_start in ranges.items():
        ordered = sorted(by_start.values(), key=lambda pair: pair[1].period_start)
        for (row_a, a), (row_b, b) in zip(ordered, ordered[1:], strict=False):
            if b.period_start <= a.period_end:
                later, earlier = (row_b, row_a) if row_b > row_a else (row_a, row_b)
                errors.append(RowError(later, column, f"{phase}{label} {item.value} {_period_text(b)} 与第{earlier}行"
                                                      f"的 {_period_text(a)} 期间重叠，同一天会收两次费"))
    return errors


def _payments(rows: list[ParsedRow], plan: ColumnPlan) -> list[RowError]:
    first: dict[Hashable, tuple[int, tuple | None]] = {}
    errors = []
    for row in rows:
        payment = row.payment
        if payment is None:
            continue
        bill = bill_key(row, row.charges[0]) if row.charges else (row.community, row.unit.key, payment.item,
                                                                  payment.period_start)
        if payment.reference:
            key, column, what = ("ref", payment.reference), plan.label(Field.REFERENCE), f"流水号 '{payment.reference}'"
        else:
            key = (row.community, row.unit.key, bill, payment.paid_at, payment.amount_fen)
            column, what = plan.label(Field.PAID), f"{row.unit.shown} 的同一笔缴费"
        if key not in first:
            first[key] = (row.number, bill)
        elif first[key][1] == bill or not payment.reference:
            # The same reference for another bill is one order paying several fees: kept apart when writing.
            errors.append(RowError(row.number, column, f"{what} 与第{first[key][0]}行重复"))
    return errors


def _disagreements(claims: Iterable[_Claim]) -> list[RowError]:
    first: dict[Hashable, _Claim] = {}
    errors = []
    for claim in claims:
        earlier = first.setdefault(claim.key, claim)
        if earlier.value != claim.value:
            errors.append(RowError(claim.row, claim.column,
                                   f"{claim.description} 与第{earlier.row}行不一致（{earlier.value} / {claim.value}）"))
    return errors


def _unit_claims(rows: list[ParsedRow], plan: ColumnPlan) -> Iterable[_Claim]:
    for row in rows:
        unit = (row.community, row.unit.key)
        if row.unit.area_sqm is not None:
            yield _Claim(row.number, (unit, "area"), row.unit.area_sqm, plan.label(Field.AREA),
                         f"{row.unit.shown} 的面积")


def _role_claims(rows: list[ParsedRow], plan: ColumnPlan) -> Iterable[_Claim]:
    for row in rows:
        if row.person and row.person.role:
            key = (row.community, row.unit.key, row.person.name, row.person.phone)
            yield _Claim(row.number, key, row.person.role.value, plan.label(Field.ROLE),
                         f"{row.person.name} 在 {row.unit.shown} 的身份")


def _person_key_claims(rows: list[ParsedRow], plan: ColumnPlan) -> Iterable[_Claim]:
    for row in rows:
        if row.person and row.person.key:
            yield _Claim(row.number, (row.community, row.person.key), row.person.name, plan.label(Field.PERSON_KEY),
                         "同一证件号/客户编号的姓名")
