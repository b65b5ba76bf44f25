"""Marking a conversation for a person to take over. The staff console (later) reads and updates these."""

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Handoff, HandoffReason, HandoffState
from bot.services.base import Service


class HandoffService(Service):
    def request(self, conversation_id: str, reason: HandoffReason, detail: str = "") -> tuple[int, bool]:
        """Open a handoff unless one is already waiting or active; returns (id, newly_created)."""
        with self.transaction() as session:
            existing = session.execute(select(Handoff).where(
                Handoff.conversation_id == conversation_id,
                Handoff.state.in_([HandoffState.WAITING, HandoffState.ACTIVE]))).scalar_one_or_none()
            if existing:
                return existing.id, False
            handoff = Handoff(conversation_id=conversation_id, reason=reason, detail=detail[:1000],
                              state=HandoffState.WAITING, requested_at=self.now())
            session.add(handoff)
            session.flush()
            self.audit(session, conversation_id, "request_handoff", f"handoff:{handoff.id}",
                       reason=str(reason))
            return handoff.id, True

    def is_waiting_or_active(self, conversation_id: str) -> bool:
        with self.transaction() as session:
            return session.execute(select(Handoff.id).where(
                Handoff.conversation_id == conversation_id,
                Handoff.state.in_([HandoffState.WAITING, HandoffState.ACTIVE]))).first() is not None

    def in_human_mode(self, conversation_id: str, wait: timedelta) -> bool:
        """A person has taken the conversation, or it is waiting for one and was asked for within ``wait``.
        A request nobody picks up within ``wait`` lets the bot answer again (as WeChat's own 客服 queue does),
        so an owner is never left talking to nobody."""
        since = self.now() - wait
        with self.transaction() as session:
            return session.execute(select(Handoff.id).where(
                Handoff.conversation_id == conversation_id,
                (Handoff.state == HandoffState.ACTIVE)
                | ((Handoff.state == HandoffState.WAITING) & (Handoff.requested_at >= since)))).first() is not None
