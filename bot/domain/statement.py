"""A unit's statement: what is billed, what is paid, what is overdue and since when. Pure: data in, facts out."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class BillLine:
    bill_id: int
    item: str
    period_start: date
    period_end: date
    amount_fen: int
    due_date: date


@dataclass(frozen=True)
class PaymentLine:
    bill_id: int | None
    amount_fen: int


@dataclass(frozen=True)
class OpenBill:
    bill: BillLine
    outstanding_fen: int
    overdue: bool


@dataclass(frozen=True)
class Statement:
    open_bills: tuple[OpenBill, ...]
    unallocated_credit_fen: int

    @property
    def outstanding_fen(self) -> int:
        return max(0, sum(b.outstanding_fen for b in self.open_bills) - self.unallocated_credit_fen)

    @property
    def overdue_fen(self) -> int:
        return sum(b.outstanding_fen for b in self.open_bills if b.overdue)

    @property
    def overdue_since(self) -> date | None:
        """The earliest due date among overdue bills: "欠费从哪天开始"."""
        dues = [b.bill.due_date for b in self.open_bills if b.overdue]
        return min(dues) if dues else None


def build_statement(bills: Iterable[BillLine], payments: Iterable[PaymentLine], today: date) -> Statement:
    """Payments tied to a bill reduce that bill; others are credit against the total. Overdue = past due date."""
    paid_per_bill: dict[int, int] = {}
    credit = 0
    for payment in payments:
        if payment.bill_id is None:
            credit += payment.amount_fen
        else:
            paid_per_bill[payment.bill_id] = paid_per_bill.get(payment.bill_id, 0) + payment.amount_fen
    open_bills = []
    for bill in sorted(bills, key=lambda b: (b.due_date, b.item)):
        outstanding = bill.amount_fen - paid_per_bill.get(bill.bill_id, 0)
        if outstanding > 0:
            open_bills.append(OpenBill(bill, outstanding, overdue=bill.due_date < today))
        elif outstanding < 0:
            credit += -outstanding  # overpaid bill: the rest counts as credit
    return Statement(tuple(open_bills), credit)


def within(statement: Statement, start: date, end: date) -> Statement:
    """Only the open bills whose billing period overlaps [start, end]."""
    kept = tuple(b for b in statement.open_bills if b.bill.period_start <= end and b.bill.period_end >= start)
    return Statement(kept, 0)
