"""Shared test helpers.

Tests that need a service (the Rasa server, PostgreSQL, Redis) skip with a clear reason when it is absent on a
developer's machine; `.ci/run` sets WUYEBOT_REQUIRE_SERVICES=1 so that in CI they fail instead of skipping.
"""

import os

import pytest


def services_required() -> bool:
    return os.environ.get("WUYEBOT_REQUIRE_SERVICES", "").strip() not in ("", "0", "false")


def redis_test_url() -> str:
    """The Redis database tests may flush: WUYEBOT_TEST_REDIS_DB (default 15), so parallel runs on one machine
    (several developers, or CI beside a developer) can each take their own."""
    return f"redis://127.0.0.1:6379/{os.environ.get('WUYEBOT_TEST_REDIS_DB', '15').strip() or '15'}"


def missing_service(reason: str) -> None:
    """Skip (developer machine) or fail (CI) because a service the test needs is not there."""
    if services_required():
        pytest.fail(f"required service missing (WUYEBOT_REQUIRE_SERVICES=1): {reason}", pytrace=False)
    pytest.skip(reason)
