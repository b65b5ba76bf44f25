from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from bot.actions.balance import ActionCheckBalance
from bot.actions.session import ActionSessionStart
from tests.support import make_tracker, user_event
from tests.unit.actions.run import response_names, run_action


def test_session_start_welcomes_carries_nothing_over_and_knows_the_owner_is_not_bound():
    tracker = make_tracker(slots={"unit": "3栋2单元1502", "owner_name": "张伟", "phone_last4": "5678",
                                  "promise_date": "2026-11-30"})
    events, messages = run_action(ActionSessionStart(), tracker)
    assert events == [SessionStarted(), SlotSet("verified", False), ActionExecuted("action_listen")]
    assert response_names(messages) == ["utter_session_welcome"]


def test_balance_before_binding_shows_nothing():
    events, messages = run_action(ActionCheckBalance(), make_tracker())
    assert events == []
    assert response_names(messages) == ["utter_balance_needs_verification"]


def test_balance_naming_a_unit_before_binding_still_shows_nothing():
    tracker = make_tracker(slots={"unit": "3号楼2单元1502室"},
                           events=[user_event("3号楼2单元1502欠多少", "ask_balance",
                                              [{"entity": "unit", "value": "3号楼2单元1502"}])])
    events, messages = run_action(ActionCheckBalance(), tracker)
    assert response_names(messages) == ["utter_balance_needs_verification"]
    assert not any(key in messages[0] for key in ("statement_text", "amount"))
