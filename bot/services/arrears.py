"""Owners who owe: payment plans, promises to pay, "I already paid", opting out of reminders."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.db.models import (
    Payment,
    PaymentPlan,
    PlanState,
    PromiseState,
    PromiseToPay,
    ReminderOptOut,
)
from bot.domain.reminder_policy import ReminderFacts, pause_reasons
from bot.services.base import Service
from bot.services.binding import BoundUnit
from bot.services.grievances import open_service_grievance_exists

RECENT_PAYMENT_DAYS = 90


@dataclass(frozen=True)
class RecentPayment:
    amount_fen: int
    channel: str
    reference: str
    paid_at: datetime


class ArrearsService(Service):
    def request_plan(self, conversation_id: str, unit: BoundUnit, months: int, amount_fen: int, reason: str) -> int:
        with self.transaction() as session:
            plan = PaymentPlan(unit_id=unit.unit_id, person_id=unit.person_id, amount_fen=amount_fen, months=months,
                               reason=reason[:500], state=PlanState.REQUESTED, requested_at=self.now())
            session.add(plan)
            session.flush()
            self.audit(session, conversation_id, "request_plan", f"unit:{unit.unit_id}", months=months,
                       amount_fen=amount_fen)
            return plan.id

    def record_promise(self, conversation_id: str, unit: BoundUnit, promised: date) -> int:
        with self.transaction() as session:
            # A new promise replaces the open one for the same unit.
            for old in session.execute(select(PromiseToPay).where(
                    PromiseToPay.unit_id == unit.unit_id, PromiseToPay.state == PromiseState.OPEN)).scalars():
                old.state = PromiseState.BROKEN if old.promised_date < self.today() else PromiseState.KEPT
            promise = PromiseToPay(unit_id=unit.unit_id, person_id=unit.person_id, promised_date=promised,
                                   state=PromiseState.OPEN, created_at=self.now())
            session.add(promise)
            session.flush()
            self.audit(session, conversation_id, "promise_to_pay", f"unit:{unit.unit_id}",
                       promised_date=promised.isoformat())
            return promise.id

    def correct_promise(self, conversation_id: str, unit_ids: list[int], promise_ids: list[int], promised: date) -> int:
        """The owner corrected the date just confirmed ("不是，是下周五"): the same open promises get the new date.
        Only promises on ``unit_ids`` (the owner's) change; returns how many did."""
        with self.transaction() as session:
            promises = session.execute(select(PromiseToPay).where(
                PromiseToPay.id.in_(promise_ids), PromiseToPay.unit_id.in_(unit_ids),
                PromiseToPay.state == PromiseState.OPEN)).scalars().all()
            for promise in promises:
                old, promise.promised_date = promise.promised_date, promised
                self.audit(session, conversation_id, "correct_promise", f"unit:{promise.unit_id}",
                           promise_id=promise.id, was=old.isoformat(), promised_date=promised.isoformat())
            return len(promises)

    def correct_plan(self, conversation_id: str, unit_ids: list[int], plan_ids: list[int], months: int) -> int:
        """The owner corrected the length just confirmed ("不对，分6个月"): the same requests, not yet decided,
        change. Returns how many did."""
        with self.transaction() as session:
            plans = session.execute(select(PaymentPlan).where(
                PaymentPlan.id.in_(plan_ids), PaymentPlan.unit_id.in_(unit_ids),
                PaymentPlan.state == PlanState.REQUESTED)).scalars().all()
            for plan in plans:
                old, plan.months = plan.months, months
                self.audit(session, conversation_id, "correct_plan", f"unit:{plan.unit_id}", plan_id=plan.id,
                           was=old, months=months)
            return len(plans)

    def recent_payments(self, unit_ids: list[int]) -> list[RecentPayment]:
        since = self.now() - timedelta(days=RECENT_PAYMENT_DAYS)
        with self.transaction() as session:
            rows = session.execute(
                select(Payment).where(Payment.unit_id.in_(unit_ids), Payment.paid_at >= since)
                .order_by(Payment.paid_at.desc()).limit(5)
            ).scalars().all()
            return [RecentPayment(p.amount_fen, p.channel, p.reference, p.paid_at) for p in rows]

    def opt_out(self, conversation_id: str, unit_id: int | None, reason: str) -> bool:
        """Record the opt-out; False when it was already recorded."""
        with self.transaction() as session:
            exists = session.execute(select(ReminderOptOut.id).where(
                ReminderOptOut.conversation_id == conversation_id, ReminderOptOut.unit_id.is_(None) if unit_id is None
                else ReminderOptOut.unit_id == unit_id)).first()
            if exists:
                return False
            session.add(ReminderOptOut(conversation_id=conversation_id, unit_id=unit_id, created_at=self.now(),
                                       reason=reason[:500]))
            self.audit(session, conversation_id, "opt_out_reminders", f"unit:{unit_id}" if unit_id else "all")
            return True

    def reminder_pause_reasons(self, conversation_id: str, unit_id: int) -> list[str]:
        """Why reminders to this owner about this unit are paused (empty: they may be sent)."""
        with self.transaction() as session:
            opted_out = session.execute(select(ReminderOptOut.id).where(
                ReminderOptOut.conversation_id == conversation_id,
                (ReminderOptOut.unit_id == unit_id) | ReminderOptOut.unit_id.is_(None))).first() is not None
            grievance = open_service_grievance_exists(session, unit_id)
            plan = session.execute(select(PaymentPlan.id).where(
                PaymentPlan.unit_id == unit_id,
                PaymentPlan.state.in_([PlanState.REQUESTED, PlanState.APPROVED]))).first() is not None
            promises = session.execute(select(PromiseToPay.promised_date).where(
                PromiseToPay.unit_id == unit_id, PromiseToPay.state == PromiseState.OPEN)).scalars().all()
        facts = ReminderFacts(opted_out, grievance, plan, tuple(promises))
        return pause_reasons(facts, self.today())
