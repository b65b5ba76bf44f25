"""Binding through the form: the check, the retry from the unit, the lock, and what is said afterwards."""

from rasa_sdk.events import SlotSet

from bot.actions.account import ActionBindUnit, ValidateBindUnitForm, phone_last4_answer
from tests.support import make_tracker, user_event
from tests.unit.actions.run import response_names, run_action

FORM = "bind_unit_form"


def answer_last4(services, text, unit="3栋2单元1502", name="张伟", sender="wx:oZhang"):
    slots = {"unit": unit, "owner_name": name, "phone_last4": text, "requested_slot": "phone_last4"}
    events = [user_event(text, "out_of_scope"), {"event": "slot", "name": "phone_last4", "value": text}]
    return run_action(ValidateBindUnitForm(), make_tracker(slots=slots, events=events, active_loop=FORM,
                                                           sender_id=sender))


def test_last_four_digits_or_a_whole_mobile_number():
    assert phone_last4_answer("5678") == "5678"
    assert phone_last4_answer("尾号５６７８") == "5678"
    assert phone_last4_answer("138 1234 5678") == "5678"
    assert phone_last4_answer("567") is None and phone_last4_answer("123456") is None


def test_the_right_details_bind_and_end_the_form(services):
    events, messages = answer_last4(services, "5678")
    assert SlotSet("bind_result", "bound") in events and SlotSet("verified", True) in events
    assert SlotSet("requested_slot", None) in events  # a decided result ends the form
    assert messages == []


def test_wrong_details_say_nothing_specific_and_start_again_from_the_unit(services):
    events, messages = answer_last4(services, "0000")
    assert response_names(messages) == ["utter_bind_mismatch"] and messages[0]["tries_left"] == 2
    assert all(SlotSet(slot, None) in events for slot in ("unit", "owner_name", "phone_last4"))
    # Rasa's form then asks for the first empty required slot: the unit.
    assert "张伟" not in str(messages) and "1502" not in str(messages)


def test_three_failures_lock_and_the_report_offers_a_person(services):
    for _ in range(2):
        answer_last4(services, "0000")
    events, messages = answer_last4(services, "0000")
    assert SlotSet("bind_result", "locked") in events and messages == []
    tracker = make_tracker(slots={"bind_result": "locked"}, sender_id="wx:oZhang")
    events, messages = run_action(ActionBindUnit(), tracker)
    assert response_names(messages) == ["utter_bind_locked"] and "月" in messages[0]["lock_end"]
    assert SlotSet("bind_result", None) in events
    assert services.handoffs.is_waiting_or_active("wx:oZhang")
    assert services.binding.bound_units("wx:oZhang") == []


def test_a_locked_account_is_stopped_at_the_unit(services):
    for _ in range(3):
        answer_last4(services, "0000")
    slots = {"unit": "3栋2单元1502", "requested_slot": "unit"}
    events = [user_event("3栋2单元1502", "bind_unit"), {"event": "slot", "name": "unit", "value": "3栋2单元1502"}]
    result, _ = run_action(ValidateBindUnitForm(), make_tracker(slots=slots, events=events, active_loop=FORM,
                                                                sender_id="wx:oZhang"))
    assert SlotSet("bind_result", "locked") in result


def test_success_lists_every_unit_of_the_owner_and_clears_the_form(services):
    answer_last4(services, "5678")
    events, messages = run_action(ActionBindUnit(), make_tracker(slots={"bind_result": "bound"}, sender_id="wx:oZhang"))
    assert response_names(messages) == ["utter_bind_success"]
    assert messages[0]["unit_list"] == "3栋2单元1502（阳光花园）、5栋1单元301（阳光花园）"
    assert SlotSet("verified", True) in events
    assert all(SlotSet(s, None) in events for s in ("bind_result", "unit", "owner_name", "phone_last4"))


def test_binding_started_by_a_balance_question_answers_it(services):
    answer_last4(services, "5678")
    history = [user_event("我欠多少钱", "ask_balance"), {"event": "action", "name": "utter_balance_needs_verification"},
               {"event": "active_loop", "name": FORM}]
    tracker = make_tracker(slots={"bind_result": "bound"}, events=history, sender_id="wx:oZhang")
    _, messages = run_action(ActionBindUnit(), tracker)
    names = response_names(messages)
    assert names[0] == "utter_bind_success" and "utter_balance_statement" in names


def test_a_tenant_binds_with_their_own_role(services):
    events, _ = answer_last4(services, "1111", name="王芳", sender="wx:oWang")
    assert SlotSet("bind_result", "bound") in events
    assert [u.role for u in services.binding.bound_units("wx:oWang")] == ["tenant"]


def test_names_are_cleaned_and_nonsense_is_refused(services):
    def answer_name(text):
        slots = {"unit": "3栋2单元1502", "owner_name": text, "requested_slot": "owner_name"}
        events = [user_event(text, "out_of_scope"), {"event": "slot", "name": "owner_name", "value": text}]
        return run_action(ValidateBindUnitForm(), make_tracker(slots=slots, events=events, active_loop=FORM))

    events, messages = answer_name("我叫张伟")
    assert SlotSet("owner_name", "张伟") in events and messages == []
    events, messages = answer_name("12345")
    assert SlotSet("owner_name", None) in events and response_names(messages) == ["utter_owner_name_invalid"]
