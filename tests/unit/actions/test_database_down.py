"""When the company's records cannot be read, the owner hears an apology and the offer of a person, never silence
and never a made-up answer."""

import pytest

from bot import container
from bot.actions.balance import ActionCheckBalance
from bot.actions.fees import ActionShowPaymentMethods
from bot.actions.session import ActionSessionStart
from bot.clock import fixed_clock
from bot.config import load_settings
from bot.db.session import make_engine, make_session_factory
from tests.support import make_tracker
from tests.unit.actions.conftest import NOW
from tests.unit.actions.run import response_names, run_action


@pytest.fixture
def broken_database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'no-tables.db'}")  # connects, but every query fails
    container.use(container.Container(settings=load_settings(), clock=fixed_clock(NOW),
                                      session_factory=make_session_factory(engine)))
    yield
    engine.dispose()


@pytest.mark.parametrize("action", [ActionCheckBalance(), ActionShowPaymentMethods()])
def test_owner_data_actions_apologise(broken_database, action):
    events, messages = run_action(action, make_tracker())
    assert events == [] and response_names(messages) == ["utter_data_unavailable"]


def test_session_start_still_welcomes(broken_database):
    events, messages = run_action(ActionSessionStart(), make_tracker())
    assert response_names(messages) == ["utter_session_welcome"]
    assert {"event": "slot", "name": "verified", "value": False, "timestamp": None} in events
