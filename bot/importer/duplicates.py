"""Checks across rows of one file: the same bill or payment twice, or one unit described two ways. Pure."""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from bot.importer.errors import RowError
from bot.importer.headers import Field, HeaderMap
from bot.importer.records import ParsedRow

CENT = Decimal("0.01")


@dataclass(frozen=True)
class _Claim:
    """A row saying "this key has this value"; a second row with the same key is a duplicate or a conflict."""

    row: int
    key: Hashable
    value: Hashable
    column: str
    description: str


def find_conflicts(rows: list[ParsedRow], headers: HeaderMap) -> list[RowError]:
    unit_column = headers.unit_label
    errors = _duplicates(_bill_claims(rows, unit_column))
    errors += _duplicates(_payment_claims(rows, headers))
    errors += _disagreements(_unit_claims(rows, headers))
    errors += _disagreements(_role_claims(rows, headers))
    return errors


def _duplicates(claims: Iterable[_Claim]) -> list[RowError]:
    first_row: dict[Hashable, int] = {}
    errors = []
    for claim in claims:
        if claim.key in first_row:
            errors.append(RowError(claim.row, claim.column, f"{claim.description} 与第{first_row[claim.key]}行重复"))
        else:
            first_row[claim.key] = claim.row
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


def _bill_claims(rows: list[ParsedRow], column: str) -> Iterable[_Claim]:
    for row in rows:
        if row.bill:
            period = row.bill.period_start.strftime("%Y-%m")
            yield _Claim(row.number, (row.community, row.unit.label, row.bill.item, row.bill.period_start), None,
                         column, f"{row.unit.label} {row.bill.item.value} {period} 的账单")


def _payment_claims(rows: list[ParsedRow], headers: HeaderMap) -> Iterable[_Claim]:
    for row in rows:
        payment = row.payment
        if payment is None:
            continue
        if payment.reference:
            yield _Claim(row.number, ("ref", payment.reference), None, headers.label(Field.REFERENCE),
                         f"流水号 '{payment.reference}'")
        else:
            key = (row.community, row.unit.label, payment.item, payment.period_start, payment.paid_at,
                   payment.amount_fen)
            yield _Claim(row.number, key, None, headers.label(Field.PAID_AMOUNT), f"{row.unit.label} 的同一笔缴费")


def _unit_claims(rows: list[ParsedRow], headers: HeaderMap) -> Iterable[_Claim]:
    for row in rows:
        unit = (row.community, row.unit.label)
        if row.unit.area_sqm is not None:
            yield _Claim(row.number, (unit, "area"), row.unit.area_sqm.quantize(CENT), headers.label(Field.AREA),
                         f"{row.unit.label} 的面积")
        if row.unit.property_type is not None:
            yield _Claim(row.number, (unit, "type"), row.unit.property_type.value,
                         headers.label(Field.PROPERTY_TYPE), f"{row.unit.label} 的房屋类型")


def _role_claims(rows: list[ParsedRow], headers: HeaderMap) -> Iterable[_Claim]:
    for row in rows:
        if row.person and row.person.role:
            key = (row.community, row.unit.label, row.person.name, row.person.phone)
            yield _Claim(row.number, key, row.person.role.value, headers.label(Field.ROLE),
                         f"{row.person.name} 在 {row.unit.label} 的身份")
