"""The gateway's records: the inbox (every inbound message, stored first), followers' contact state (48-hour
window, quota, subscription) and the send log."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.db.models import InboxMessage, InboxState, SendLog, WeChatContact
from bot.domain.inbox_retry import MAX_TRIES, lease_until, next_try_at
from bot.domain.wechat_window import ContactFacts, customer_service_block
from bot.services.base import Service

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboxItem:
    id: int
    openid: str
    msg_type: str
    text: str
    fields: dict[str, Any]
    attempts: int


def _item(row: InboxMessage) -> InboxItem:
    return InboxItem(row.id, row.openid, row.msg_type, row.text, dict(row.fields or {}), row.attempts)


class WeChatLog(Service):
    # ------------------------------------------------------------------------------------------------- inbox

    def store(self, dedup_key: str, openid: str, msg_type: str, text: str, fields: dict[str, Any],
              opens_window: bool = True) -> int | None:
        """Persist an inbound message before processing; None if this key was already stored (a duplicate
        that got past the fast de-duplication, e.g. after a Redis outage). ``opens_window``: the follower did
        something (a message, a follow, a menu click) rather than the platform reporting (a delivery receipt)."""
        now = self.now()
        try:
            with self.transaction() as session:
                # attempts counts tries started: this is the first (bot.domain.inbox_retry).
                row = InboxMessage(dedup_key=dedup_key, openid=openid, msg_type=msg_type, text=text,
                                   fields=fields, received_at=now, state=InboxState.RECEIVED, attempts=1)
                session.add(row)
                session.flush()
                if opens_window:
                    self._touch_contact(session, openid, now)
                return row.id
        except IntegrityError:
            return None

    def mark(self, inbox_id: int, state: InboxState, error: str = "") -> None:
        """Record how a try ended. RETRYING schedules the next try with backoff, or, after the last, ends the row
        ``failed`` (kept for staff, with the cause)."""
        now = self.now()
        with self.transaction() as session:
            row = session.get(InboxMessage, inbox_id)
            if row is None:
                return
            row.last_error = error[:2000]
            if state is not InboxState.RETRYING:
                row.state, row.handled_at, row.next_attempt_at = state, now, None
                return
            row.next_attempt_at = next_try_at(row.attempts, now)
            if row.next_attempt_at is None:
                row.state, row.handled_at = InboxState.FAILED, now
                log.error("inbox message %s (%s) failed after %d tries, kept for staff: %s", row.id, row.dedup_key,
                          row.attempts, error)
            else:
                row.state = InboxState.RETRYING

    def start_retry(self, inbox_id: int) -> int | None:
        """Count one more try and lease the row (an interrupted try is taken up again after the lease); the try's
        number, or None when the row needs no try any more (answered meanwhile, or out of tries)."""
        now = self.now()
        with self.transaction() as session:
            row = session.get(InboxMessage, inbox_id)
            if row is None or row.state not in (InboxState.RECEIVED, InboxState.RETRYING):
                return None
            if row.attempts >= MAX_TRIES:  # the last try never reported back
                row.state, row.handled_at = InboxState.FAILED, now
                row.last_error = (row.last_error + "; " if row.last_error else "") + "the last try was interrupted"
                log.error("inbox message %s (%s) failed: its last try was interrupted", row.id, row.dedup_key)
                return None
            row.attempts += 1
            row.state, row.next_attempt_at = InboxState.RETRYING, lease_until(row.attempts, now)
            return row.attempts

    def due_for_retry(self, stale_after: timedelta, limit: int = 50, now: datetime | None = None) -> list[InboxItem]:
        """Messages to process again: those whose next try is due, and those left mid-way by a crash."""
        now = now or self.now()
        with self.transaction() as session:
            rows = session.execute(
                select(InboxMessage).where(or_(
                    (InboxMessage.state == InboxState.RETRYING)
                    & (InboxMessage.next_attempt_at.is_(None) | (InboxMessage.next_attempt_at <= now)),
                    (InboxMessage.state == InboxState.RECEIVED) & (InboxMessage.received_at < now - stale_after),
                )).order_by(InboxMessage.received_at).limit(limit)
            ).scalars().all()
            return [_item(r) for r in rows]

    # ---------------------------------------------------------------------------------------------- contacts

    def _touch_contact(self, session, openid: str, now: datetime) -> None:
        contact = session.execute(select(WeChatContact).where(WeChatContact.openid == openid)).scalar_one_or_none()
        if contact is None:
            session.add(WeChatContact(openid=openid, subscribed=True, subscribed_at=now, last_inbound_at=now,
                                      sent_in_window=0))
        else:
            # A new message from the follower opens a new 48-hour window with a fresh quota.
            contact.last_inbound_at, contact.sent_in_window = now, 0

    def set_subscribed(self, openid: str, subscribed: bool) -> None:
        now = self.now()
        with self.transaction() as session:
            contact = session.execute(select(WeChatContact).where(WeChatContact.openid == openid)).scalar_one_or_none()
            if contact is None:
                contact = WeChatContact(openid=openid, sent_in_window=0, last_inbound_at=now)
                session.add(contact)
            contact.subscribed = subscribed
            if subscribed:
                contact.subscribed_at, contact.unsubscribed_at = now, None
            else:
                contact.unsubscribed_at = now

    def customer_service_block(self, openid: str) -> str | None:
        with self.transaction() as session:
            contact = session.execute(select(WeChatContact).where(WeChatContact.openid == openid)).scalar_one_or_none()
            if contact is None:
                return "window_closed"
            facts = ContactFacts(contact.subscribed, contact.last_inbound_at, contact.sent_in_window)
        return customer_service_block(facts, self.now())

    def is_subscribed(self, openid: str) -> bool:
        with self.transaction() as session:
            contact = session.execute(select(WeChatContact.subscribed).where(WeChatContact.openid == openid)).first()
            return contact is None or bool(contact[0])

    # ---------------------------------------------------------------------------------------------- send log

    def log_send(self, openid: str, channel: str, purpose: str, content: str, result: str, category: str = "",
                 errcode: int | None = None, wechat_msgid: int | None = None, inbox_id: int | None = None,
                 reminder_ref: str | None = None) -> int:
        with self.transaction() as session:
            row = SendLog(openid=openid, channel=channel, purpose=purpose, content=content, created_at=self.now(),
                          result=result, category=category, errcode=errcode, wechat_msgid=wechat_msgid,
                          inbox_id=inbox_id, reminder_ref=reminder_ref)
            session.add(row)
            if channel == "customer_service" and result == "sent":
                session.execute(update(WeChatContact).where(WeChatContact.openid == openid)
                                .values(sent_in_window=WeChatContact.sent_in_window + 1))
            session.flush()
            return row.id

    def record_delivery(self, wechat_msgid: int, status: str) -> bool:
        """TEMPLATESENDJOBFINISH: the delivery status of a template message, against its send-log row."""
        with self.transaction() as session:
            row = session.execute(select(SendLog).where(SendLog.wechat_msgid == wechat_msgid)
                                  .order_by(SendLog.id.desc()).limit(1)).scalar_one_or_none()
            if row is None:
                return False
            row.delivery_status = status[:48]
            return True

