"""Shared test helpers.

Tests that need a service (the Rasa server, PostgreSQL, Redis) skip with a clear reason when it is absent on a
developer's machine; `.ci/run` sets WUYEBOT_REQUIRE_SERVICES=1 so that in CI they fail instead of skipping.
"""

import os

import httpx
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


# ---- one real Rasa server (trained model, loopback) and one real action server for the whole test session ----
# Loading a model takes about half a minute, so both start once and every test that needs them shares them
# (tests/integration, tests/security). Imports are inside: unit tests never pay for them.


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory):
    from bot.db.migrate import upgrade
    from bot.db.session import make_engine, make_session_factory
    from bot.devtools.model import model_path
    from bot.devtools.paths import RASA_BIN
    from bot.devtools.stack import Stack, StackError, free_port
    from tests.data.builders import build_world

    if not RASA_BIN.exists():
        missing_service(f"no Rasa environment at {RASA_BIN}; run `make venvs`")
    if not model_path().exists():
        missing_service(f"no trained model at {model_path()}; run `make train`")
    # The action server reads a real company database: the small world of tests/data/builders.py.
    database_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'company.db'}"
    upgrade(database_url)
    engine = make_engine(database_url)
    build_world(make_session_factory(engine))
    engine.dispose()
    stack = Stack(model=model_path(), log_dir=tmp_path_factory.mktemp("rasa"), rasa_port=free_port(),
                  action_port=free_port(), app_port=free_port(), database_url=database_url)
    try:
        stack.start()
    except StackError as error:
        pytest.fail(str(error), pytrace=False)
    yield stack
    stack.stop()


@pytest.fixture
def say(rasa_stack):
    """Send one message of a conversation (``wx:…``/``web:…``) through Rasa's REST channel, with the stack's token;
    return the reply texts."""

    def send(sender: str, message: str) -> list[str]:
        response = httpx.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook", headers=rasa_stack.rasa_headers,
                              json={"sender": sender, "message": message}, timeout=30)
        assert response.status_code == 200, response.text
        return [item["text"] for item in response.json() if "text" in item]

    return send
