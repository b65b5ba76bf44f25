"""Binding a WeChat conversation to a unit: unit + name + last four digits of the phone on record.

Privacy: a failed try never says which part was wrong or whether the unit exists. Three failures in a row lock
binding for 30 minutes, counted per conversation and per unit label across every conversation
(bot.domain.identity), so switching WeChat accounts does not buy a guesser more tries. Only WeChat conversations
are bound: the web chat is a demo and never reaches real records.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from bot.db.models import BindingAttempt, Community, Occupancy, Person, Role, Unit, WeChatBinding
from bot.domain import conversation
from bot.domain.identity import (
    MAX_FAILED_ATTEMPTS,
    Attempt,
    BindingLock,
    binding_lock,
    matches_record,
    may_view_statement,
    tries_left,
)
from bot.services.base import Service


class BindOutcome(StrEnum):
    BOUND = "bound"
    ALREADY_BOUND = "already_bound"
    MISMATCH = "mismatch"
    LOCKED = "locked"
    NOT_WECHAT = "not_wechat"  # the web chat (or anything else) asked: binding happens in the WeChat account


@dataclass(frozen=True)
class BoundUnit:
    unit_id: int
    label: str
    community_id: int
    community_name: str
    role: Role
    person_id: int


def home_unit(units: list[BoundUnit]) -> BoundUnit | None:
    """The unit whose community answers general questions: an owned one first, else any bound one."""
    return next((u for u in units if may_view_statement(u.role)), units[0] if units else None)


@dataclass(frozen=True)
class BindResult:
    outcome: BindOutcome
    # The unit asked about first, then the person's other units on record (bound in the same step).
    units: tuple[BoundUnit, ...] = ()
    tries_left: int = 0
    lock: BindingLock | None = None
    newly_locked: bool = False  # this try started the lock (staff are alerted once, by the caller)

    @property
    def unit(self) -> BoundUnit | None:
        return self.units[0] if self.units else None


# Enough history for the rule: the streak it looks at is at most MAX_FAILED_ATTEMPTS long.
_HISTORY = MAX_FAILED_ATTEMPTS * 2


class BindingService(Service):
    def bound_units(self, conversation_id: str) -> list[BoundUnit]:
        with self.transaction() as session:
            rows = session.execute(
                select(WeChatBinding, Unit, Community)
                .join(Unit, Unit.id == WeChatBinding.unit_id)
                .join(Community, Community.id == Unit.community_id)
                .where(WeChatBinding.conversation_id == conversation_id, WeChatBinding.revoked_at.is_(None))
                .order_by(WeChatBinding.verified_at)
            ).all()
            return [BoundUnit(u.id, u.label, c.id, c.name, b.role, b.person_id) for b, u, c in rows]

    def owned_units(self, conversation_id: str) -> list[BoundUnit]:
        """The bound units whose bills this person may see and act on (as their owner)."""
        return [u for u in self.bound_units(conversation_id) if may_view_statement(u.role)]

    def lock(self, conversation_id: str, unit_label: str | None = None) -> BindingLock | None:
        """Whether this conversation may try now (and, given a label, whether that unit may be tried)."""
        with self.transaction() as session:
            return binding_lock(*self._attempts(session, conversation_id, unit_label), self.now())

    def _attempts(self, session, conversation_id: str, unit_label: str | None) -> tuple[list[Attempt], list[Attempt]]:
        def recent(condition) -> list[Attempt]:
            rows = session.execute(
                select(BindingAttempt.at, BindingAttempt.succeeded).where(condition)
                .order_by(BindingAttempt.at.desc(), BindingAttempt.id.desc()).limit(_HISTORY)).all()
            return [Attempt(at, ok) for at, ok in reversed(rows)]  # oldest first

        by_conversation = recent(BindingAttempt.conversation_id == conversation_id)
        by_unit = recent(BindingAttempt.unit_label == unit_label) if unit_label else []
        return by_conversation, by_unit

    def bind(self, conversation_id: str, unit_label: str, name: str, phone_last4: str) -> BindResult:
        if not conversation.is_wechat(conversation_id):
            return BindResult(BindOutcome.NOT_WECHAT)
        now = self.now()
        with self.transaction() as session:
            lock = binding_lock(*self._attempts(session, conversation_id, unit_label), now)
            if lock:
                return BindResult(BindOutcome.LOCKED, lock=lock)
            candidates = session.execute(
                select(Unit, Occupancy, Person, Community)
                .join(Occupancy, Occupancy.unit_id == Unit.id)
                .join(Person, Person.id == Occupancy.person_id)
                .join(Community, Community.id == Unit.community_id)
                .where(Unit.label == unit_label)
            ).all()
            match = next(((u, o, p, c) for u, o, p, c in candidates
                          if matches_record(name, phone_last4, p.name, p.phone)), None)
            session.add(BindingAttempt(conversation_id=conversation_id, unit_label=unit_label, at=now,
                                       succeeded=match is not None))
            if match is None:
                session.flush()
                self.audit(session, conversation_id, "bind_failed", f"unit_label:{unit_label}")
                attempts = self._attempts(session, conversation_id, unit_label)
                lock = binding_lock(*attempts, now)
                if lock:
                    self.audit(session, conversation_id, "binding_locked", f"unit_label:{unit_label}",
                               scope=str(lock.scope), until=lock.until.isoformat())
                    return BindResult(BindOutcome.LOCKED, lock=lock, newly_locked=True)
                return BindResult(BindOutcome.MISMATCH, tries_left=tries_left(*attempts, now))
            unit, occupancy, person, community = match
            # The verified person gets all their units on record (owners with several flats choose later).
            theirs = session.execute(
                select(Unit, Occupancy, Community)
                .join(Occupancy, Occupancy.unit_id == Unit.id)
                .join(Community, Community.id == Unit.community_id)
                .where(Occupancy.person_id == person.id)
                .order_by(Unit.id)
            ).all()
            ordered = [(unit, occupancy, community)] + [(u, o, c) for u, o, c in theirs if u.id != unit.id]
            already = set(session.execute(
                select(WeChatBinding.unit_id).where(WeChatBinding.conversation_id == conversation_id,
                                                    WeChatBinding.revoked_at.is_(None))).scalars())
            bound = tuple(BoundUnit(u.id, u.label, c.id, c.name, o.role, person.id) for u, o, c in ordered)
            new_units = [b for b in bound if b.unit_id not in already]
            for b in new_units:
                session.add(WeChatBinding(conversation_id=conversation_id, person_id=person.id, unit_id=b.unit_id,
                                          role=b.role, verified_by=f"self:name+phone_last4@{unit.id}",
                                          verified_at=now))
                self.audit(session, conversation_id, "bind", f"unit:{b.unit_id}", role=b.role.value)
            outcome = BindOutcome.BOUND if new_units else BindOutcome.ALREADY_BOUND
            return BindResult(outcome, units=bound)
