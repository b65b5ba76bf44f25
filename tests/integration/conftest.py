"""One real Rasa server (trained model, loopback) and one real action server for the whole test session.

Loading a model takes about half a minute, so both start once and every integration test shares them.
"""

import httpx
import pytest

from bot.db.migrate import upgrade
from bot.db.session import make_engine, make_session_factory
from bot.devtools.model import model_path
from bot.devtools.paths import RASA_BIN
from bot.devtools.stack import Stack, StackError, free_port
from tests.conftest import missing_service
from tests.data.builders import build_world


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory):
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
