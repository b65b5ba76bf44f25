"""Write checked rows in one transaction, after the checks only the database can answer.

Raises RowsRejected (before anything is written) when the file names unknown communities, new units without an
area, or payment references that already belong to another unit; the caller's transaction then rolls back.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.models import AuditLog, Payment, Unit
from bot.importer.community import resolve_communities
from bot.importer.errors import RowError, RowsRejected
from bot.importer.headers import Field, HeaderMap
from bot.importer.records import ParsedRow
from bot.importer.references import payment_reference
from bot.importer.report import Counts, ImportReport
from bot.importer.upsert import (
    UnitKey,
    existing_payments,
    existing_units,
    upsert_bills,
    upsert_occupancies,
    upsert_payments,
    upsert_people,
    upsert_units,
)

AUDIT_ACTOR = "system:import"
_SUBJECT_LENGTH = 80  # AuditLog.subject


@dataclass(frozen=True)
class Loaded:
    counts: Counts
    community_codes: list[str]


def load(session: Session, rows: list[ParsedRow], headers: HeaderMap, community_code: str | None) -> Loaded:
    communities, errors = resolve_communities(session, rows, community_code, headers.label(Field.COMMUNITY))
    if errors:
        raise RowsRejected(errors)
    keyed = [(row, (communities[row.community].id, row.unit.label)) for row in rows]
    units = existing_units(session, {key for _, key in keyed})
    references = {row.number: payment_reference(row, communities[row.community].code) for row in rows if row.payment}
    payments = existing_payments(session, references.values())
    errors = _new_units_without_area(keyed, units, headers) + _references_of_other_units(
        keyed, units, payments, references, headers)
    if errors:
        raise RowsRejected(sorted(errors))

    counts = Counts()
    units = upsert_units(session, keyed, units, counts)
    people = upsert_people(session, rows, counts)
    upsert_occupancies(session, keyed, units, people, counts)
    bills = upsert_bills(session, keyed, units, counts)
    upsert_payments(session, keyed, units, bills, payments, references, counts)
    return Loaded(counts, sorted({c.code for c in communities.values()}))


def audit_entry(report: ImportReport, community_codes: list[str], now: datetime) -> AuditLog:
    detail = {"rows_read": report.rows_read, **report.counts.as_dict(), "unknown_columns": report.unknown_columns,
              "communities": community_codes}
    return AuditLog(at=now, actor=AUDIT_ACTOR, action="import", subject=report.file[:_SUBJECT_LENGTH], detail=detail)


def _new_units_without_area(keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                            headers: HeaderMap) -> list[RowError]:
    with_area = {key for row, key in keyed if row.unit.area_sqm is not None}
    errors, reported = [], set()
    for row, key in keyed:
        if key not in units and key not in with_area and key not in reported:
            reported.add(key)
            errors.append(RowError(row.number, headers.label(Field.AREA),
                                   f"{row.unit.label} 在系统中还没有，新建房屋需要面积"))
    return errors


def _references_of_other_units(keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                               payments: dict[str, Payment], references: dict[int, str],
                               headers: HeaderMap) -> list[RowError]:
    """A reference is unique across all communities: one already used for another unit is a clash, not an update."""
    errors = []
    for row, key in keyed:
        payment = payments.get(references.get(row.number, ""))
        unit = units.get(key)
        if payment is not None and (unit is None or payment.unit_id != unit.id):
            errors.append(RowError(row.number, headers.label(Field.REFERENCE),
                                   f"流水号 '{payment.reference}' 已被另一个房屋的缴费记录使用"))
    return errors
