"""Bounded retries with backoff for inbox messages (pure)."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.inbox_retry import MAX_DELAY, MAX_TRIES, lease_until, next_try_at, retry_delay

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_the_wait_doubles_up_to_a_ceiling():
    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [30, 60, 120, 240, 480]
    assert retry_delay(50) == MAX_DELAY


def test_a_message_is_given_up_after_the_last_try():
    assert next_try_at(1, NOW) == NOW + timedelta(seconds=30)
    assert next_try_at(MAX_TRIES - 1, NOW) is not None
    assert next_try_at(MAX_TRIES, NOW) is None and next_try_at(MAX_TRIES + 3, NOW) is None


def test_total_time_before_giving_up_is_minutes_not_hours():
    waited = sum((retry_delay(n) for n in range(1, MAX_TRIES)), timedelta())
    assert timedelta(minutes=5) < waited < timedelta(minutes=30)


def test_a_lease_covers_an_interrupted_try():
    assert lease_until(3, NOW) == NOW + timedelta(minutes=2)
    with pytest.raises(ValueError):
        retry_delay(0)
