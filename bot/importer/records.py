"""What one checked row of a file says, split by the record it feeds (unit, person, charges, payment)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from bot.db.models import BillItem, PropertyType, Role
from bot.importer.unit_labels import UnitAddress


class ChargeSource(StrEnum):
    BILLED = "billed"  # the file says what was charged (应收), maybe with concessions and payments
    ARREARS = "arrears"  # the file says only what is still owed (欠费): an outstanding bill, or a check on one


@dataclass(frozen=True, slots=True)
class UnitFacts:
    address: UnitAddress
    area_sqm: Decimal | None  # None: the row does not say (keep what the database has)
    property_type: PropertyType | None  # None: the row does not say

    @property
    def label(self) -> str:
        return self.address.label

    @property
    def key(self) -> tuple[str, str]:
        return self.address.phase, self.address.label

    @property
    def shown(self) -> str:
        """The unit as staff read it, phase included."""
        return f"{self.address.phase}{self.address.label}"


@dataclass(frozen=True, slots=True)
class PersonFacts:
    name: str
    phone: str | None  # None when the file gives none
    role: Role | None  # None: the file does not say (new links are owners; existing ones keep theirs)
    key: str | None = None  # the file's own id for the person (身份证号, 客户编号): same key, same person


@dataclass(frozen=True, slots=True)
class ChargeFacts:
    item: BillItem
    item_name: str | None  # the company's wording, when it is not just the item's name
    period_start: date
    period_end: date  # inclusive
    owed_fen: int  # what the owner owes for it: charged minus concessions (or the arrears)
    discount_fen: int | None  # None: the file has no concession columns (keep what the database has)
    source: ChargeSource
    due_date: date | None  # None: the file does not say (new bills use default_due_date)


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    amount_fen: int
    paid_at: datetime  # aware, UTC
    channel: str | None  # None: the file does not say (keep what the database has)
    reference: str | None  # None: the file has none; one is derived when writing (see references.py)
    cashier: str | None
    # The bill it pays when the row has no charge of its own (a payments-only file): found by item and period.
    item: BillItem | None = None
    period_start: date | None = None


@dataclass(frozen=True, slots=True)
class ParsedRow:
    number: int
    community: str  # code or name, as the file or the caller gave it
    unit: UnitFacts
    person: PersonFacts | None
    charges: tuple[ChargeFacts, ...]  # the main charge first, then a late fee, or one per per-item column
    payment: PaymentFacts | None  # paid against the charges, in order
