from rasa_sdk.events import ActionExecuted, SlotSet, UserUtteranceReverted

from bot.actions.fallback import (
    ActionDefaultFallback,
    ActionFollowSuggestion,
    ActionHandleUnclear,
    best_guess,
    unclear_streak,
)
from tests.support import action_event, make_tracker, user_event
from tests.unit.actions.run import response_names, run_action

UNCLEAR = user_event("物业那个啥来着", "nlu_fallback",
                     ranking=[{"name": "nlu_fallback", "confidence": 0.45}, {"name": "greet", "confidence": 0.3},
                              {"name": "ask_payment_methods", "confidence": 0.2}])


def test_first_unclear_message_gets_a_guess_skipping_social_intents():
    events, messages = run_action(ActionHandleUnclear(), make_tracker(events=[UNCLEAR]))
    assert response_names(messages) == ["utter_ask_affirmation"]
    assert messages[0]["intent_description"] == "了解怎么缴物业费"
    assert events == [SlotSet("suggested_intent", "ask_payment_methods")]


def test_second_unclear_message_in_a_row_offers_a_person():
    history = [UNCLEAR, action_event("action_handle_unclear"), action_event("action_listen"), UNCLEAR]
    events, messages = run_action(ActionHandleUnclear(), make_tracker(events=history))
    assert response_names(messages) == ["utter_default"]
    assert events == [SlotSet("suggested_intent", None)]


def test_a_no_to_the_guess_keeps_counting():
    history = [UNCLEAR, action_event("action_handle_unclear"), user_event("不是", "deny"),
               action_event("utter_ask_rephrase"), UNCLEAR]
    assert unclear_streak(history) == 2


def test_an_understood_message_resets_the_streak():
    history = [UNCLEAR, action_event("action_handle_unclear"), user_event("怎么交", "ask_payment_methods"),
               action_event("utter_payment_methods"), UNCLEAR]
    assert unclear_streak(history) == 1


def test_an_unplaced_answer_a_form_took_does_not_count():
    history = [user_event("不知道", "nlu_fallback"), action_event("grievance_form"),
               action_event("action_submit_grievance"), action_event("action_listen"), UNCLEAR]
    assert unclear_streak(history) == 1


def test_best_guess_defaults_to_a_person():
    assert best_guess([{"name": "greet"}, {"name": "out_of_scope"}]) == "request_human"
    assert best_guess([]) == "request_human"


def test_yes_replays_the_unclear_message_as_the_suggestion():
    tracker = make_tracker(slots={"suggested_intent": "ask_payment_methods"},
                           events=[UNCLEAR, action_event("action_handle_unclear"), user_event("是", "affirm")])
    events, messages = run_action(ActionFollowSuggestion(), tracker)
    assert messages == []
    assert events[:3] == [UserUtteranceReverted(), SlotSet("suggested_intent", None), ActionExecuted("action_listen")]
    replay = events[3]
    assert replay["event"] == "user" and replay["text"] == "物业那个啥来着"
    assert replay["parse_data"]["intent"] == {"name": "ask_payment_methods", "confidence": 1.0}


def test_yes_without_a_suggestion_just_asks_what_else():
    events, messages = run_action(ActionFollowSuggestion(), make_tracker(events=[user_event("是", "affirm")]))
    assert response_names(messages) == ["utter_anything_else"]


def test_default_fallback_offers_a_person_and_forgets_the_message():
    events, messages = run_action(ActionDefaultFallback(), make_tracker(events=[UNCLEAR]))
    assert response_names(messages) == ["utter_default"]
    assert events == [UserUtteranceReverted()]
