"""Insert or update units, people, occupancies, bills and payments by their natural keys.

Each function looks up what exists in a few batched queries, adds what is missing, changes what differs and
counts both, so importing the same rows twice changes nothing the second time.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Bill, BillItem, Building, Occupancy, Payment, Person, PropertyType, Role, Unit
from bot.importer.dates import default_due_date
from bot.importer.records import ParsedRow
from bot.importer.report import Counts
from bot.importer.unit_labels import building_of
from bot.importer.vocab import UNKNOWN_CHANNEL

UnitKey = tuple[int, str]  # (community id, canonical label)
BillKey = tuple[int, BillItem, date]  # (unit id, item, period start)
_BATCH = 500  # keeps IN (...) lists well under every driver's parameter limit


def batches(values: Iterable) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), _BATCH):
        yield values[start:start + _BATCH]


def existing_units(session: Session, keys: set[UnitKey]) -> dict[UnitKey, Unit]:
    found = {}
    for community_id in {c for c, _ in keys}:
        labels = [label for c, label in keys if c == community_id]
        for batch in batches(labels):
            query = select(Unit).where(Unit.community_id == community_id, Unit.label.in_(batch))
            found.update({(u.community_id, u.label): u for u in session.scalars(query)})
    return found


def existing_payments(session: Session, references: Iterable[str]) -> dict[str, Payment]:
    found = {}
    for batch in batches(set(references)):
        found.update({p.reference: p for p in session.scalars(select(Payment).where(Payment.reference.in_(batch)))})
    return found


def upsert_units(session: Session, keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                 counts: Counts) -> dict[UnitKey, Unit]:
    """``units`` (the existing ones) is completed with the new units and returned."""
    area: dict[UnitKey, Decimal] = {}
    kind: dict[UnitKey, PropertyType] = {}
    for row, key in keyed:  # rows that disagree were rejected earlier, so the first value stands for all
        if row.unit.area_sqm is not None:
            area.setdefault(key, row.unit.area_sqm)
        if row.unit.property_type is not None:
            kind.setdefault(key, row.unit.property_type)
    new_keys = sorted({key for _, key in keyed} - set(units))
    existing_keys = set(units)
    buildings = _buildings(session, new_keys)
    for key in new_keys:
        community_id, label = key
        units[key] = Unit(community_id=community_id, building_id=buildings[(community_id, building_of(label))].id,
                          label=label, area_sqm=area[key], property_type=kind.get(key, PropertyType.RESIDENTIAL))
        session.add(units[key])
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


def _buildings(session: Session, unit_keys: list[UnitKey]) -> dict[tuple[int, str], Building]:
    wanted = {(community_id, building_of(label)) for community_id, label in unit_keys}
    found = {}
    for community_id in {c for c, _ in wanted}:
        found.update({(b.community_id, b.name): b
                      for b in session.scalars(select(Building).where(Building.community_id == community_id))})
    for community_id, name in sorted(wanted - set(found)):
        found[(community_id, name)] = Building(community_id=community_id, name=name)
        session.add(found[(community_id, name)])
    session.flush()
    return found


def upsert_people(session: Session, rows: list[ParsedRow], counts: Counts) -> dict[tuple[str, str], Person]:
    wanted = {(row.person.name, row.person.phone) for row in rows if row.person}
    people = {}
    for batch in batches({phone for _, phone in wanted}):
        for person in session.scalars(select(Person).where(Person.phone.in_(batch))):
            if (person.name, person.phone) in wanted:
                people[(person.name, person.phone)] = person
    for name, phone in sorted(wanted - set(people)):
        people[(name, phone)] = Person(name=name, phone=phone)
        session.add(people[(name, phone)])
        counts.people_created += 1
    session.flush()
    return people


def upsert_occupancies(session: Session, keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                       people: dict[tuple[str, str], Person], counts: Counts) -> None:
    roles: dict[tuple[int, int], Role | None] = {}
    for row, key in keyed:
        if row.person:
            link = (units[key].id, people[(row.person.name, row.person.phone)].id)
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


def upsert_bills(session: Session, keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                 counts: Counts) -> dict[BillKey, Bill]:
    """Writes the file's bills; returns them with the existing bills its payments point to."""
    unit_ids = {units[key].id for _, key in keyed}
    periods = {p for row, _ in keyed for p in (row.bill and row.bill.period_start,
                                               row.payment and row.payment.period_start) if p}
    bills: dict[BillKey, Bill] = {}
    for batch in batches(unit_ids):
        query = select(Bill).where(Bill.unit_id.in_(batch), Bill.period_start.in_(periods))
        bills.update({(b.unit_id, b.item, b.period_start): b for b in session.scalars(query)})
    for row, key in keyed:
        facts = row.bill
        if facts is None:
            continue
        bill_key = (units[key].id, facts.item, facts.period_start)
        bill = bills.get(bill_key)
        values = {"period_end": facts.period_end, "amount_fen": facts.amount_fen}
        if facts.due_date:  # a file without due dates leaves the ones already agreed alone
            values["due_date"] = facts.due_date
        if bill is None:
            bills[bill_key] = Bill(unit_id=units[key].id, item=facts.item, period_start=facts.period_start,
                                   **{"due_date": default_due_date(facts.period_start), **values})
            session.add(bills[bill_key])
            counts.bills_created += 1
        elif _apply(bill, values):
            counts.bills_updated += 1
    session.flush()
    return bills


def upsert_payments(session: Session, keyed: list[tuple[ParsedRow, UnitKey]], units: dict[UnitKey, Unit],
                    bills: dict[BillKey, Bill], payments: dict[str, Payment], references: dict[int, str],
                    counts: Counts) -> None:
    for row, key in keyed:
        facts = row.payment
        if facts is None:
            continue
        unit = units[key]
        bill = bills.get((unit.id, facts.item, facts.period_start)) if facts.item and facts.period_start else None
        payment = payments.get(references[row.number])
        if payment is None:
            session.add(Payment(unit_id=unit.id, bill_id=bill.id if bill else None, amount_fen=facts.amount_fen,
                                channel=facts.channel or UNKNOWN_CHANNEL, reference=references[row.number],
                                paid_at=facts.paid_at))
            counts.payments_created += 1
            continue
        # What the row does not say (channel, which bill) keeps the database's value.
        values = {"amount_fen": facts.amount_fen, "paid_at": facts.paid_at}
        if facts.channel:
            values["channel"] = facts.channel
        if bill:
            values["bill_id"] = bill.id
        counts.payments_updated += _apply(payment, values)
    session.flush()


def _apply(record: object, values: dict[str, object]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = {name: value for name, value in values.items() if getattr(record, name) != value}
    for name, value in changed.items():
        setattr(record, name, value)
    return bool(changed)
