"""What every service shares: a session factory, a clock, and the audit log."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import SHANGHAI, Clock
from bot.db.models import AuditLog


class Service:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self._clock().astimezone(SHANGHAI).date()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    def audit(self, session: Session, actor: str, action: str, subject: str, **detail: Any) -> None:
        """``actor``: a conversation id when an owner acted through the bot, else "staff:…" or "system:…"."""
        session.add(AuditLog(at=self.now(), actor=actor, action=action, subject=subject, detail=detail))
