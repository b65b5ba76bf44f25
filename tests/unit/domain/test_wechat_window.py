from datetime import UTC, datetime, timedelta

from bot.domain.wechat_window import ContactFacts, customer_service_block

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def test_within_48_hours_and_under_quota_may_send():
    assert customer_service_block(ContactFacts(True, NOW - timedelta(hours=47), 4), NOW) is None


def test_window_quota_and_unsubscribed_block():
    assert customer_service_block(ContactFacts(True, NOW - timedelta(hours=48), 0), NOW) == "window_closed"
    assert customer_service_block(ContactFacts(True, None, 0), NOW) == "window_closed"
    assert customer_service_block(ContactFacts(True, NOW, 5), NOW) == "quota_exceeded"
    assert customer_service_block(ContactFacts(False, NOW, 0), NOW) == "unsubscribed"
