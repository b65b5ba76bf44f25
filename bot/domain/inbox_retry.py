"""When to try an inbox message again after a try that did not end well, and when to give up. Pure.

A message is tried at most MAX_TRIES times in all (the first try included); the waits between tries double from
FIRST_DELAY up to MAX_DELAY, so a Rasa outage is ridden out without hammering it, and a message that fails every
time (a poison message) ends ``failed`` instead of retrying forever. The outbox's worker can reuse this as is.
"""

from datetime import datetime, timedelta

MAX_TRIES = 5
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(minutes=30)


def retry_delay(tries: int) -> timedelta:
    """The wait after the ``tries``-th try (1-based): 30 s, 1 min, 2 min, 4 min, … at most MAX_DELAY."""
    if tries < 1:
        raise ValueError("tries counts the tries made, from 1")
    return min(FIRST_DELAY * 2 ** min(tries - 1, 20), MAX_DELAY)


def next_try_at(tries: int, now: datetime) -> datetime | None:
    """After ``tries`` tries that did not end well: when to try again, or None to give up."""
    if tries >= MAX_TRIES:
        return None
    return now + retry_delay(tries)


def lease_until(tries: int, now: datetime) -> datetime:
    """A try that starts now and never reports back (the process died) is taken up again after this."""
    return now + retry_delay(max(1, tries))
