"""Who the people in a file are, matched against the company's records.

- With a phone: the person with that name and phone (phones identify people across units).
- Without a phone: never merged with another unit's namesake by name alone. The person is the one with that
  name on the same unit; rows are the same person across units only when the file says so (the same 身份证号 or
  客户编号 in a person-key column).
- A later file with phones completes the phone of the person imported without one, instead of adding a second
  person; when it shows two phoneless records were one person, they are merged.
Every such decision is a note in the report.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.db.models import Grievance, Occupancy, PaymentPlan, Person, PromiseToPay, WeChatBinding
from bot.domain.phones import mask_phone
from bot.importer.notes import Notes
from bot.importer.records import ParsedRow
from bot.importer.report import Counts

UnitKey = tuple[int, str, str]  # (community id, phase, canonical label)
PersonKey = tuple  # ("phone", name, phone) | ("key", community, key) | ("unit", unit key, name)
_BATCH = 500


@dataclass
class _Group:
    name: str
    phone: str | None
    units: list[int] = field(default_factory=list)  # unit ids, in file order
    rows: list[int] = field(default_factory=list)


def person_keys(rows: list[ParsedRow], unit_keys: dict[int, UnitKey]) -> dict[int, PersonKey]:
    """Row number → the person it names, by the rules above (within the file)."""
    phone_of_key = {}
    for row in rows:
        if row.person and row.person.key and row.person.phone:
            phone_of_key.setdefault((row.community, row.person.key), row.person.phone)
    keys = {}
    for row in rows:
        person = row.person
        if person is None:
            continue
        phone = person.phone or (phone_of_key.get((row.community, person.key)) if person.key else None)
        if phone:
            keys[row.number] = ("phone", person.name, phone)
        elif person.key:
            keys[row.number] = ("key", row.community, person.key)
        else:
            keys[row.number] = ("unit", unit_keys[row.number], person.name)
    return keys


def resolve_people(session: Session, rows: list[ParsedRow], keys: dict[int, PersonKey], unit_ids: dict[int, int],
                   counts: Counts, notes: Notes) -> dict[PersonKey, Person]:
    groups: dict[PersonKey, _Group] = {}
    for row in rows:
        key = keys.get(row.number)
        if key is None:
            continue
        group = groups.setdefault(key, _Group(row.person.name, key[2] if key[0] == "phone" else None))
        if unit_ids[row.number] not in group.units:
            group.units.append(unit_ids[row.number])
        group.rows.append(row.number)
    by_phone = _people_with_phones(session, {(g.name, g.phone) for g in groups.values() if g.phone})
    on_units = _people_on_units(session, {u for g in groups.values() for u in g.units})
    people: dict[PersonKey, Person] = {}
    # People with phones first, so a phoneless row of the same name on the same unit finds them.
    order = {"phone": 0, "key": 1, "unit": 2}
    for key, group in sorted(groups.items(), key=lambda pair: order[pair[0][0]]):
        namesakes = _namesakes(on_units, group)
        if key[0] == "phone":
            person = by_phone.get((group.name, group.phone))
            phoneless = [p for p in namesakes if p.phone is None]
            if person is None and phoneless:
                person = phoneless.pop(0)
                person.phone = group.phone
                counts.phones_completed += 1
                notes.add("", f"补全了电话：{group.name} → {mask_phone(group.phone)}（以前导入时没有电话）",
                          group.rows[0])
            for other in phoneless:
                if person is not None:
                    _merge(session, other, person, counts, notes, group, "电话相同")
                    _forget(on_units, other)
        elif key[0] == "key":
            person = namesakes[0] if namesakes else None
            for other in [p for p in namesakes[1:] if p.phone is None]:
                _merge(session, other, person, counts, notes, group, "证件号/客户编号相同")
                _forget(on_units, other)
        else:
            person = namesakes[0] if namesakes else None  # same name on the same unit: the same person
        if person is None:
            person = Person(name=group.name, phone=group.phone)
            session.add(person)
            counts.people_created += 1
        people[key] = person
        for unit_id in group.units:
            if person not in on_units[unit_id]:
                on_units[unit_id].append(person)
    _note_namesakes_kept_apart(groups, notes)
    session.flush()
    return people


def _namesakes(on_units: dict[int, list[Person]], group: _Group) -> list[Person]:
    found: dict[int, Person] = {}
    for unit_id in group.units:
        for person in on_units.get(unit_id, []):
            if person.name == group.name and (person.phone is None or person.phone == group.phone
                                              or group.phone is None):
                found.setdefault(person.id, person)
    return sorted(found.values(), key=lambda p: (p.phone is None, p.id))


def _people_with_phones(session: Session, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Person]:
    found = {}
    phones = sorted({phone for _, phone in wanted})
    for start in range(0, len(phones), _BATCH):
        for person in session.scalars(select(Person).where(Person.phone.in_(phones[start:start + _BATCH]))):
            if (person.name, person.phone) in wanted:
                found[(person.name, person.phone)] = person
    return found


def _people_on_units(session: Session, unit_ids: set[int]) -> dict[int, list[Person]]:
    found: dict[int, list[Person]] = defaultdict(list)
    ids = sorted(unit_ids)
    for start in range(0, len(ids), _BATCH):
        query = (select(Occupancy.unit_id, Person).join(Person, Person.id == Occupancy.person_id)
                 .where(Occupancy.unit_id.in_(ids[start:start + _BATCH])))
        for unit_id, person in session.execute(query):
            found[unit_id].append(person)
    return found


def _forget(on_units: dict[int, list[Person]], person: Person) -> None:
    for people in on_units.values():
        if person in people:
            people.remove(person)


def _merge(session: Session, duplicate: Person, kept: Person, counts: Counts, notes: Notes, group: _Group,
           why: str) -> None:
    """Fold a person recorded twice into one: their units, bindings, plans, promises and tickets move over."""
    session.flush()
    kept_units = set(session.scalars(select(Occupancy.unit_id).where(Occupancy.person_id == kept.id)))
    session.execute(delete(Occupancy).where(Occupancy.person_id == duplicate.id, Occupancy.unit_id.in_(kept_units)))
    for model in (Occupancy, WeChatBinding, PaymentPlan, PromiseToPay, Grievance):
        session.execute(update(model).where(model.person_id == duplicate.id).values(person_id=kept.id))
    session.delete(duplicate)
    session.flush()
    counts.people_merged += 1
    notes.add("", f"合并为同一人：{group.name}（{why}，以前分别导入为没有电话的两个人）", group.rows[0])


def _note_namesakes_kept_apart(groups: dict[PersonKey, _Group], notes: Notes) -> None:
    units_by_name: dict[str, list[_Group]] = defaultdict(list)
    for key, group in groups.items():
        if key[0] == "unit":
            units_by_name[group.name].append(group)
    for name, same_name in units_by_name.items():
        if len(same_name) > 1:
            notes.add("", f"{name} 出现在 {len(same_name)} 个房屋，都没有电话：文件没说是同一人，按不同的人记录",
                      same_name[0].rows[0])
