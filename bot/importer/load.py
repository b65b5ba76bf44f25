"""Write checked rows in one transaction, after the checks only the database can answer.

Raises RowsRejected (before anything is written) when the file names unknown communities, bills whose periods
overlap stored ones, arrears that disagree with what is stored, or payment references that already belong to
another unit; the caller's transaction then rolls back.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.models import AuditLog, Unit
from bot.importer.columns import ColumnPlan
from bot.importer.community import resolve_communities
from bot.importer.duplicates import ONE_OFF_ITEMS
from bot.importer.errors import RowError, RowsRejected
from bot.importer.headers import Field
from bot.importer.notes import Notes
from bot.importer.people import UnitKey, person_keys, resolve_people
from bot.importer.records import ChargeFacts, ChargeSource, ParsedRow
from bot.importer.references import base_references, part_reference
from bot.importer.report import Counts, ImportReport
from bot.importer.upsert import (
    BillKey,
    BillRow,
    existing_bills,
    existing_payments,
    existing_units,
    upsert_occupancies,
    upsert_units,
    write_bills,
    write_payments,
)

AUDIT_ACTOR = "system:import"
_SUBJECT_LENGTH = 80  # AuditLog.subject


@dataclass(frozen=True)
class Loaded:
    counts: Counts
    community_codes: list[str]
    community_ids: list[int]


def load(session: Session, rows: list[ParsedRow], plan: ColumnPlan, community_code: str | None,
         notes: Notes, track=lambda items, total, what: items) -> Loaded:
    communities, errors = resolve_communities(session, rows, community_code, plan.label(Field.COMMUNITY))
    if errors:
        raise RowsRejected(errors)
    unit_keys: dict[int, UnitKey] = {row.number: (communities[row.community].id, *row.unit.key) for row in rows}
    keyed = [(row, unit_keys[row.number]) for row in rows]
    units = existing_units(session, set(unit_keys.values()))
    stored = existing_bills(session, {unit.id for unit in units.values()})
    codes = {key: community.code for key, community in communities.items()}
    references = base_references(rows, codes)
    parts = _payment_parts(rows)
    candidates = {part_reference(ref, i, item) for n, (base, alt) in references.items()
                  for ref in (base, alt) if ref for i, item in parts[n]}
    payments = existing_payments(session, candidates)
    errors = _bill_errors(keyed, units, stored, plan) + _reference_errors(keyed, units, references, parts, payments,
                                                                          plan)
    if errors:
        raise RowsRejected(sorted(errors))

    counts = Counts()
    units = upsert_units(session, keyed, units, counts, notes)
    unit_ids = {number: units[key].id for number, key in unit_keys.items()}
    person_of_row = person_keys(rows, unit_keys)
    people = resolve_people(session, rows, person_of_row, unit_ids, counts, notes)
    upsert_occupancies(session, keyed, units, people, person_of_row, counts)
    stored_by_key: dict[BillKey, BillRow] = {(b.unit_id, b.item, b.period_start): b
                                             for bills in stored.values() for b in bills}
    wanted: dict[BillKey, tuple[ParsedRow, ChargeFacts]] = {}
    for row in rows:
        for charge in row.charges:
            wanted.setdefault((unit_ids[row.number], charge.item, charge.period_start), (row, charge))
    bill_ids = write_bills(session, wanted, stored_by_key, counts, notes, track)
    write_payments(session, _payments(rows, unit_ids, bill_ids, references, parts, payments, notes, plan), payments,
                   counts, notes, track)
    session.flush()
    return Loaded(counts, sorted(set(codes.values())), sorted({c.id for c in communities.values()}))


def _payment_parts(rows: list[ParsedRow]) -> dict[int, list[tuple[int, str]]]:
    """Row number → the shares its payment is split into: (index, item) per charge it pays, at least one."""
    parts = {}
    for row in rows:
        if row.payment is not None:
            items = [(i, c.item.value) for i, c in enumerate(row.charges)] or [(0, "")]
            parts[row.number] = items
    return parts


def _bill_errors(keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit], stored: dict[int, list[BillRow]],
                 plan: ColumnPlan) -> list[RowError]:
    """Overlaps with stored bills (the same days charged twice) and arrears that are not what is stored."""
    errors = []
    column = plan.label(Field.PERIOD if plan.has(Field.PERIOD) else Field.PERIOD_START)
    in_file: dict[tuple[int, object], dict] = {}
    for row, key in keyed:
        unit = units.get(key)
        if unit is None:
            continue
        for charge in row.charges:
            in_file.setdefault((unit.id, charge.item), {}).setdefault(charge.period_start, (row, charge))
    for (unit_id, item), charges in in_file.items():
        bills = {b.period_start: b for b in stored.get(unit_id, []) if b.item == item}
        for start, (row, charge) in charges.items():
            bill = bills.get(start)
            if bill is not None and charge.source is ChargeSource.ARREARS:
                outstanding = bill.amount_fen - bill.paid_fen
                if outstanding != charge.owed_fen:
                    where = plan.label(Field.ARREARS) if plan.has(Field.ARREARS) else column
                    errors.append(RowError(row.number, where, (
                        f"系统里 {row.unit.shown} {item.value} 这笔账单还欠 {outstanding / 100:.2f} 元，"
                        f"文件说欠 {charge.owed_fen / 100:.2f} 元；请先导入之后的缴费记录，或核对欠费报表")))
            if item in ONE_OFF_ITEMS:
                continue
            for other in bills.values():
                if other.period_start == start or other.period_start in charges:
                    continue  # the same bill, or one the file restates (its new period is checked in the file)
                if other.period_start <= charge.period_end and charge.period_start <= other.period_end:
                    errors.append(RowError(row.number, column, (
                        f"{row.unit.shown} {item.value} {charge.period_start}~{charge.period_end} 与系统中已有的 "
                        f"{other.period_start}~{other.period_end} 的账单期间重叠，同一天会收两次费")))
    return errors


def _reference_errors(keyed, units, references, parts, payments, plan) -> list[RowError]:
    """A reference is unique across all communities: one already used for another unit is a clash, not an update."""
    errors = []
    for row, key in keyed:
        if row.number not in references:
            continue
        unit = units.get(key)
        base, alt = references[row.number]
        for i, item in parts[row.number]:
            for ref in (part_reference(base, i, item), part_reference(alt, i, item) if alt else None):
                payment = payments.get(ref) if ref else None
                if payment is not None and (unit is None or payment.unit_id != unit.id):
                    errors.append(RowError(row.number, plan.label(Field.REFERENCE),
                                           f"流水号 '{payment.reference}' 已被另一个房屋的缴费记录使用"))
    return errors


def _allocate(amount: int, owed: list[int]) -> list[int]:
    """A payment over the row's charges in order (the fee, then its late fee); anything beyond them stays on the
    first charge, where the statement counts it as credit."""
    shares, left = [], amount
    for fen in owed:
        share = min(left, fen)
        shares.append(share)
        left -= share
    shares[0] += left
    return shares


def _payments(rows, unit_ids, bill_ids, references, parts, stored, notes: Notes, plan: ColumnPlan) -> list[dict]:
    wanted = []
    for row in rows:
        payment = row.payment
        if payment is None:
            continue
        unit_id = unit_ids[row.number]
        if row.charges:
            targets = [bill_ids[(unit_id, c.item, c.period_start)] for c in row.charges]
            shares = _allocate(payment.amount_fen, [c.owed_fen for c in row.charges])
            if payment.amount_fen > sum(c.owed_fen for c in row.charges):
                notes.add(plan.label(Field.PAID), "实收大于应缴，多出的部分记为预存", row.number)
        else:
            bill = bill_ids.get((unit_id, payment.item, payment.period_start)) if payment.item else None
            targets, shares = [bill], [payment.amount_fen]
            if bill is None:
                notes.add(plan.label(Field.PAID), "缴费没有对应的账单，记为预存（冲抵欠费总额）", row.number)
        base, alt = references[row.number]
        for (i, item), bill_id, share in zip(parts[row.number], targets, shares, strict=True):
            if share == 0:
                continue
            reference = part_reference(base, i, item)
            if reference not in stored and alt and part_reference(alt, i, item) in stored:
                reference = part_reference(alt, i, item)  # stored under the other form by an earlier import
            wanted.append({"reference": reference, "unit_id": unit_id, "bill_id": bill_id, "amount_fen": share,
                           "paid_at": payment.paid_at, "channel": payment.channel, "cashier": payment.cashier,
                           "row": row.number})
    return wanted


def audit_entry(report: ImportReport, community_codes: list[str], now: datetime) -> AuditLog:
    plan = report.plan
    detail = {"rows_read": report.rows_read, **report.counts.as_dict(), "communities": community_codes,
              "columns": {m.header: m.field.value for m in plan.mapped} if plan else {},
              "ignored_columns": report.unknown_columns, "sheet": report.sheet}
    return AuditLog(at=now, actor=AUDIT_ACTOR, action="import", subject=report.file[:_SUBJECT_LENGTH], detail=detail)
