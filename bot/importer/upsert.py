"""Insert or update units, occupancies, bills and payments by their natural keys.

Each function looks up what exists in a few batched queries, adds what is missing, changes what differs and
counts both, so importing the same rows twice changes nothing the second time. Bills and payments are written
with bulk statements (a 100,000-row file is one INSERT … RETURNING per batch, not 100,000 objects).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from bot.db.models import Bill, BillItem, Building, Occupancy, Payment, PropertyType, Role, Unit
from bot.domain.money import format_fen
from bot.importer.dates import default_due_date
from bot.importer.notes import Notes
from bot.importer.people import PersonKey, UnitKey
from bot.importer.records import ChargeFacts, ChargeSource, ParsedRow
from bot.importer.report import Counts
from bot.importer.vocab import PROPERTY_TYPE_OF_KIND, UNKNOWN_CHANNEL

BillKey = tuple[int, BillItem, date]  # (unit id, item, period start)
_BATCH = 500  # keeps IN (...) lists well under every driver's parameter limit


def batches(values: Iterable) -> Iterator[list]:
    """Lazily, so that a progress bar over ``values`` moves as the batches are written."""
    iterator = iter(values)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


@dataclass
class BillRow:
    """A bill as stored: enough to compare with the file, without loading ORM objects for every bill."""

    id: int
    unit_id: int
    item: BillItem
    item_name: str | None
    period_start: date
    period_end: date
    amount_fen: int
    discount_fen: int
    due_date: date
    paid_fen: int = 0  # by payments already stored


@dataclass(frozen=True)
class PaymentRow:
    id: int
    unit_id: int
    bill_id: int | None
    amount_fen: int
    channel: str
    reference: str
    paid_at: datetime
    cashier: str | None


def existing_units(session: Session, keys: set[UnitKey]) -> dict[UnitKey, Unit]:
    found = {}
    for community_id in {c for c, _, _ in keys}:
        labels = sorted({label for c, _, label in keys if c == community_id})
        for batch in batches(labels):
            query = select(Unit).where(Unit.community_id == community_id, Unit.label.in_(batch))
            found.update({(u.community_id, u.phase, u.label): u for u in session.scalars(query)})
    return {key: unit for key, unit in found.items() if key in keys}


def upsert_units(session: Session, keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                 counts: Counts, notes: Notes) -> dict[UnitKey, Unit]:
    """``units`` (the existing ones) is completed with the new units and returned."""
    area: dict[UnitKey, Decimal] = {}
    kind: dict[UnitKey, PropertyType] = {}
    first: dict[UnitKey, ParsedRow] = {}
    for row, key in keyed:  # rows that disagree were rejected earlier, so the first value stands for all
        first.setdefault(key, row)
        if row.unit.area_sqm is not None:
            area.setdefault(key, row.unit.area_sqm)
        if row.unit.property_type is not None:
            kind.setdefault(key, row.unit.property_type)
    new_keys = sorted(set(first) - set(units))
    existing_keys = set(first) & set(units)
    buildings = _buildings(session, [(key, first[key]) for key in new_keys])
    for key in new_keys:
        community_id, phase, label = key
        address = first[key].unit.address
        building = buildings[(community_id, phase, address.building)].id if address.building else None
        units[key] = Unit(community_id=community_id, building_id=building, phase=phase, kind=address.kind, label=label,
                          area_sqm=area.get(key), property_type=kind.get(key, PROPERTY_TYPE_OF_KIND[address.kind]))
        session.add(units[key])
        if key not in area:
            notes.add("", "新建的房屋没有面积（以后导入带面积的表会补上）", first[key].number, first[key].unit.shown)
    counts.units_created += len(new_keys)
    for key in existing_keys:
        unit, changed = units[key], False
        if key in area and unit.area_sqm != area[key]:
            unit.area_sqm, changed = area[key], True
        if key in kind and unit.property_type != kind[key]:
            unit.property_type, changed = kind[key], True
        counts.units_updated += changed
    session.flush()
    return units


def _buildings(session: Session, new: list[tuple[UnitKey, ParsedRow]]) -> dict[tuple[int, str, str], Building]:
    wanted = {(key[0], key[1], row.unit.address.building) for key, row in new if row.unit.address.building}
    found = {}
    for community_id in {c for c, _, _ in wanted}:
        found.update({(b.community_id, b.phase, b.name): b
                      for b in session.scalars(select(Building).where(Building.community_id == community_id))})
    for community_id, phase, name in sorted(wanted - set(found)):
        found[(community_id, phase, name)] = Building(community_id=community_id, phase=phase, name=name)
        session.add(found[(community_id, phase, name)])
    session.flush()
    return found


def upsert_occupancies(session: Session, keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                       people: dict[PersonKey, object], person_of_row: dict[int, PersonKey], counts: Counts) -> None:
    roles: dict[tuple[int, int], Role | None] = {}
    for row, key in keyed:
        if row.person:
            link = (units[key].id, people[person_of_row[row.number]].id)
            roles[link] = roles.get(link) or row.person.role  # the first stated role (disagreements were rejected)
    existing = {}
    for batch in batches({unit_id for unit_id, _ in roles}):
        existing.update({(o.unit_id, o.person_id): o
                         for o in session.scalars(select(Occupancy).where(Occupancy.unit_id.in_(batch)))})
    for (unit_id, person_id), role in roles.items():
        occupancy = existing.get((unit_id, person_id))
        if occupancy is None:
            # Someone listed against a unit with no role is its owner: that is what a 业主档案 export lists.
            session.add(Occupancy(unit_id=unit_id, person_id=person_id, role=role or Role.OWNER))
            counts.occupancies_created += 1
        elif role is not None and occupancy.role != role:
            occupancy.role = role
            counts.occupancies_updated += 1
    session.flush()


def existing_bills(session: Session, unit_ids: set[int]) -> dict[int, list[BillRow]]:
    """Every stored bill of these units, with what has been paid on it, by unit."""
    by_unit: dict[int, list[BillRow]] = {}
    columns = (Bill.id, Bill.unit_id, Bill.item, Bill.item_name, Bill.period_start, Bill.period_end, Bill.amount_fen,
               Bill.discount_fen, Bill.due_date)
    bills: dict[int, BillRow] = {}
    for batch in batches(sorted(unit_ids)):
        for values in session.execute(select(*columns).where(Bill.unit_id.in_(batch))):
            bill = BillRow(*values)
            bills[bill.id] = bill
            by_unit.setdefault(bill.unit_id, []).append(bill)
        paid = (select(Payment.bill_id, func.sum(Payment.amount_fen)).where(Payment.unit_id.in_(batch),
                                                                          Payment.bill_id.is_not(None))
                .group_by(Payment.bill_id))
        for bill_id, fen in session.execute(paid):
            if bill_id in bills:
                bills[bill_id].paid_fen = int(fen)
    return by_unit


def write_bills(session: Session, wanted: dict[BillKey, tuple[ParsedRow, ChargeFacts]], stored: dict[BillKey, BillRow],
                counts: Counts, notes: Notes, track=lambda items, total, what: items) -> dict[BillKey, int]:
    """Create the bills the file has and the database has not, update the ones that differ (each change is a
    note: the file wins, and staff should see what it changed); arrears-only rows for stored bills were checked
    before and change nothing. Returns bill ids by key."""
    ids = {key: bill.id for key, bill in stored.items()}
    new, changed = [], []
    for key, (row, charge) in wanted.items():
        bill = stored.get(key)
        if bill is None:
            new.append({"unit_id": key[0], "item": charge.item, "item_name": charge.item_name,
                        "period_start": charge.period_start, "period_end": charge.period_end,
                        "amount_fen": charge.owed_fen, "discount_fen": charge.discount_fen or 0,
                        "due_date": charge.due_date or default_due_date(charge.period_start)})
            continue
        if charge.source is ChargeSource.ARREARS:
            continue
        values = {"period_end": charge.period_end, "amount_fen": charge.owed_fen}
        if charge.discount_fen is not None:  # a file without concession columns leaves the stored ones alone
            values["discount_fen"] = charge.discount_fen
        if charge.item_name:
            values["item_name"] = charge.item_name
        if charge.due_date:  # a file without due dates leaves the ones already agreed alone
            values["due_date"] = charge.due_date
        diff = {name: value for name, value in values.items() if getattr(bill, name) != value}
        if diff:
            changed.append({"id": bill.id, **diff})
            was = f"{format_fen(bill.amount_fen)} {bill.period_start}~{bill.period_end}"
            now = f"{format_fen(charge.owed_fen)} {charge.period_start}~{charge.period_end}"
            notes.add("", "改了系统里已有的账单（以文件为准）", row.number,
                      f"{row.unit.shown} {charge.item.value} {was} → {now}")
    for batch in batches(track(new, len(new), "写入账单")):
        returned = session.execute(insert(Bill).returning(Bill.id, Bill.unit_id, Bill.item, Bill.period_start,
                                                          sort_by_parameter_order=True), batch)
        for bill_id, unit_id, item, start in returned:
            ids[(unit_id, item, start)] = bill_id
    for values in changed:  # few, and each may change different columns
        session.execute(update(Bill).where(Bill.id == values["id"]).values(
            **{k: v for k, v in values.items() if k != "id"}))
    counts.bills_created += len(new)
    counts.bills_updated += len(changed)
    return ids


def write_payments(session: Session, wanted: list[dict], stored: dict[str, PaymentRow], counts: Counts,
                   notes: Notes, track=lambda items, total, what: items) -> None:
    """``wanted``: the payments as they should be (reference, unit_id, bill_id, amount_fen, paid_at, channel,
    cashier); a stored one under the same reference is updated where the file says something different."""
    new, changed = [], 0
    for payment in wanted:
        existing = stored.get(payment["reference"])
        if existing is None:
            new.append({**{k: v for k, v in payment.items() if k != "row"},
                        "channel": payment["channel"] or UNKNOWN_CHANNEL})
            continue
        # What the row does not say (channel, which bill, cashier) keeps the database's value.
        values = {"amount_fen": payment["amount_fen"], "paid_at": payment["paid_at"]}
        for name in ("channel", "bill_id", "cashier"):
            if payment[name] is not None:
                values[name] = payment[name]
        diff = {name: value for name, value in values.items() if getattr(existing, name) != value}
        if diff:
            session.execute(update(Payment).where(Payment.id == existing.id).values(**diff))
            changed += 1
            amounts = f"{format_fen(existing.amount_fen)} → {format_fen(payment['amount_fen'])}"
            notes.add("", "改了系统里已有的缴费记录（以文件为准）", payment["row"],
                      f"流水号 {existing.reference}：{amounts}")
    for batch in batches(track(new, len(new), "写入缴费")):
        session.execute(insert(Payment), batch)
    counts.payments_created += len(new)
    counts.payments_updated += changed


def existing_payments(session: Session, references: Iterable[str]) -> dict[str, PaymentRow]:
    found = {}
    columns = (Payment.id, Payment.unit_id, Payment.bill_id, Payment.amount_fen, Payment.channel, Payment.reference,
               Payment.paid_at, Payment.cashier)
    for batch in batches(sorted(set(references))):
        for values in session.execute(select(*columns).where(Payment.reference.in_(batch))):
            found[values.reference] = PaymentRow(*values)
    return found
