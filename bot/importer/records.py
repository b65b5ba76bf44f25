"""What one checked row of a file says, split by the record it feeds (unit, person, bill, payment)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.db.models import BillItem, PropertyType, Role


@dataclass(frozen=True)
class UnitFacts:
    label: str  # canonical, from bot.domain.units
    area_sqm: Decimal | None  # None: the row does not say (keep what the database has)
    property_type: PropertyType | None


@dataclass(frozen=True)
class PersonFacts:
    name: str
    phone: str  # "" when the file gives none
    role: Role | None  # None: the file does not say (new links are owners; existing ones keep theirs)


@dataclass(frozen=True)
class BillFacts:
    item: BillItem
    period_start: date
    period_end: date
    amount_fen: int
    due_date: date | None  # None: the file does not say (new bills use default_due_date)


@dataclass(frozen=True)
class PaymentFacts:
    amount_fen: int
    paid_at: datetime  # aware, UTC
    channel: str | None  # None: the file does not say (keep what the database has)
    reference: str | None  # None: the file has none; one is derived when writing (see references.py)
    # The bill the payment is for, when the row names one.
    item: BillItem | None
    period_start: date | None


@dataclass(frozen=True)
class ParsedRow:
    number: int
    community: str  # code or name, as the file or the caller gave it
    unit: UnitFacts
    person: PersonFacts | None
    bill: BillFacts | None
    payment: PaymentFacts | None
