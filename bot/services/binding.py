"""Binding a WeChat account to a unit: unit + name + last four digits of the phone on record.

Privacy: a failed try never says which part was wrong or whether the unit exists; three failures in a row lock
binding for 30 minutes (bot.domain.identity).
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from bot.db.models import BindingAttempt, Community, Occupancy, Person, Role, Unit, WeChatBinding
from bot.domain.identity import MAX_FAILED_ATTEMPTS, Attempt, locked_until, matches_record, may_view_statement
from bot.services.base import Service, owner_actor


class BindOutcome(StrEnum):
    BOUND = "bound"
    ALREADY_BOUND = "already_bound"
    MISMATCH = "mismatch"
    LOCKED = "locked"


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
    locked_until: datetime | None = None

    @property
    def unit(self) -> BoundUnit | None:
        return self.units[0] if self.units else None


class BindingService(Service):
    def bound_units(self, openid: str) -> list[BoundUnit]:
        with self.transaction() as session:
            rows = session.execute(
                select(WeChatBinding, Unit, Community)
                .join(Unit, Unit.id == WeChatBinding.unit_id)
                .join(Community, Community.id == Unit.community_id)
                .where(WeChatBinding.openid == openid, WeChatBinding.revoked_at.is_(None))
                .order_by(WeChatBinding.verified_at)
            ).all()
            return [BoundUnit(u.id, u.label, c.id, c.name, b.role, b.person_id) for b, u, c in rows]

    def owned_units(self, openid: str) -> list[BoundUnit]:
        """The bound units whose bills this person may see and act on (as their owner)."""
        return [u for u in self.bound_units(openid) if may_view_statement(u.role)]

    def lock_ends(self, openid: str) -> datetime | None:
        with self.transaction() as session:
            return self._lock_ends(session, openid)

    def _lock_ends(self, session, openid: str) -> datetime | None:
        attempts = session.execute(
            select(BindingAttempt.at, BindingAttempt.succeeded)
            .where(BindingAttempt.openid == openid)
            .order_by(BindingAttempt.at.desc())
            .limit(MAX_FAILED_ATTEMPTS * 2)
        ).all()
        return locked_until([Attempt(at, ok) for at, ok in attempts], self.now())

    def _failures_in_a_row(self, session, openid: str) -> int:
        recent = session.execute(
            select(BindingAttempt.succeeded).where(BindingAttempt.openid == openid)
            .order_by(BindingAttempt.at.desc(), BindingAttempt.id.desc()).limit(MAX_FAILED_ATTEMPTS)
        ).scalars().all()
        count = 0
        for ok in recent:
            if ok:
                break
            count += 1
        return count

    def bind(self, openid: str, unit_label: str, name: str, phone_last4: str) -> BindResult:
        now = self.now()
        with self.transaction() as session:
            lock = self._lock_ends(session, openid)
            if lock:
                return BindResult(BindOutcome.LOCKED, locked_until=lock)
            candidates = session.execute(
                select(Unit, Occupancy, Person, Community)
                .join(Occupancy, Occupancy.unit_id == Unit.id)
                .join(Person, Person.id == Occupancy.person_id)
                .join(Community, Community.id == Unit.community_id)
                .where(Unit.label == unit_label)
            ).all()
            match = next(((u, o, p, c) for u, o, p, c in candidates
                          if matches_record(name, phone_last4, p.name, p.phone)), None)
            session.add(BindingAttempt(openid=openid, at=now, succeeded=match is not None))
            if match is None:
                session.flush()
                self.audit(session, owner_actor(openid), "bind_failed", f"unit_label:{unit_label}")
                failures = self._failures_in_a_row(session, openid)
                lock = self._lock_ends(session, openid)
                if lock:
                    return BindResult(BindOutcome.LOCKED, locked_until=lock)
                return BindResult(BindOutcome.MISMATCH, tries_left=max(0, MAX_FAILED_ATTEMPTS - failures))
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
                select(WeChatBinding.unit_id).where(WeChatBinding.openid == openid,
                                                    WeChatBinding.revoked_at.is_(None))).scalars())
            bound = tuple(BoundUnit(u.id, u.label, c.id, c.name, o.role, person.id) for u, o, c in ordered)
            new_units = [b for b in bound if b.unit_id not in already]
            for b in new_units:
                session.add(WeChatBinding(openid=openid, person_id=person.id, unit_id=b.unit_id, role=b.role,
                                          verified_by=f"self:name+phone_last4@{unit.id}", verified_at=now))
                self.audit(session, owner_actor(openid), "bind", f"unit:{b.unit_id}", role=b.role.value)
            outcome = BindOutcome.BOUND if new_units else BindOutcome.ALREADY_BOUND
            return BindResult(outcome, units=bound)
