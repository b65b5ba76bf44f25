from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from bot.actions.balance import ActionCheckBalance
from bot.actions.session import ActionSessionStart
from tests.support import make_tracker
from tests.unit.actions.run import response_names, run_action


def test_session_start_welcomes_and_carries_only_identity_over():
    tracker = make_tracker(slots={"unit": "3栋2单元1502", "phone": None, "promise_date": "2026-11-30"})
    events, messages = run_action(ActionSessionStart(), tracker)
    assert events == [SessionStarted(), SlotSet("unit", "3栋2单元1502"), ActionExecuted("action_listen")]
    assert response_names(messages) == ["utter_session_welcome"]


def test_balance_without_a_unit_asks_for_it_and_shows_nothing():
    events, messages = run_action(ActionCheckBalance(), make_tracker())
    assert events == []
    assert response_names(messages) == ["utter_balance_needs_verification"]


def test_balance_with_a_unit_names_the_unit_but_never_a_figure():
    events, messages = run_action(ActionCheckBalance(), make_tracker(slots={"unit": "3号楼2单元1502室"}))
    assert events == [SlotSet("unit", "3栋2单元1502")]
    assert response_names(messages) == ["utter_balance_unit_noted"]
    assert messages[0]["unit"] == "3栋2单元1502"
    assert not any(key in messages[0] for key in ("amount", "balance"))
