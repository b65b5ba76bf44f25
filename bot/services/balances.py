"""Balances and bill breakdowns, only for units the asker is bound to. Every view is audited."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot.db.models import Bill, Payment
from bot.domain.identity import may_view_statement
from bot.domain.statement import BillLine, PaymentLine, Statement, build_statement
from bot.services.base import Service
from bot.services.binding import BindingService, BoundUnit


@dataclass(frozen=True)
class UnitStatement:
    unit: BoundUnit
    statement: Statement


class NotBound(Exception):
    """The asker is not bound to the unit asked about (or to any unit)."""


class BalanceService(Service):
    def __init__(self, sessions, clock, binding: BindingService) -> None:
        super().__init__(sessions, clock)
        self._binding = binding

    def statements(self, conversation_id: str, unit_ids: list[int] | None = None,
                   unit_label: str | None = None) -> list[UnitStatement]:
        """Statements for the units the asker is bound to as owner (narrowed by ``unit_ids`` or ``unit_label``).

        Privacy is enforced here, not only in the chat: units the asker is not bound to, or bound to as family or
        tenant, are never read."""
        units = [u for u in self._binding.bound_units(conversation_id) if may_view_statement(u.role)]
        if unit_ids is not None:
            units = [u for u in units if u.unit_id in unit_ids]
        if unit_label:
            units = [u for u in units if u.label == unit_label]
        if not units:
            raise NotBound(unit_label or ",".join(map(str, unit_ids or [])))
        today = self.today()
        with self.transaction() as session:
            result = [UnitStatement(u, self._statement(session, u.unit_id, today)) for u in units]
            for item in result:
                self.audit(session, conversation_id, "view_balance", f"unit:{item.unit.unit_id}",
                           outstanding_fen=item.statement.outstanding_fen)
        return result

    @staticmethod
    def _statement(session, unit_id: int, today: date) -> Statement:
        bills = session.execute(
            select(Bill.id, Bill.item, Bill.period_start, Bill.period_end, Bill.amount_fen, Bill.due_date)
            .where(Bill.unit_id == unit_id)
        ).all()
        payments = session.execute(select(Payment.bill_id, Payment.amount_fen).where(Payment.unit_id == unit_id)).all()
        return build_statement(
            [BillLine(b.id, str(b.item), b.period_start, b.period_end, b.amount_fen, b.due_date) for b in bills],
            [PaymentLine(p.bill_id, p.amount_fen) for p in payments],
            today,
        )
