"""When the platform lets us send a customer-service (客服) message to a follower. Pure: facts and ``now`` in.

WeChat allows customer-service messages only within 48 hours of the follower's last message, and at most 5 per
such window (errors 45015 and 45047 otherwise). Outside that, a template message or a person must carry it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(hours=48)
MESSAGES_PER_WINDOW = 5


@dataclass(frozen=True)
class ContactFacts:
    subscribed: bool
    last_inbound_at: datetime | None
    sent_in_window: int


def customer_service_block(facts: ContactFacts, now: datetime) -> str | None:
    """None when a customer-service message may go now; otherwise why not (recorded in the send log)."""
    if not facts.subscribed:
        return "unsubscribed"
    if facts.last_inbound_at is None or now - facts.last_inbound_at >= WINDOW:
        return "window_closed"
    if facts.sent_in_window >= MESSAGES_PER_WINDOW:
        return "quota_exceeded"
    return None
