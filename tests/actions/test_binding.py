"""Binding through the form: the check, the retry from the unit, the lock, and what is said afterwards."""

from rasa_sdk.events import SlotSet
from sqlalchemy import func, select

from bot.actions.account import ActionBindUnit, ValidateBindUnitForm
from bot.db.models import BindingAttempt
from tests.support import make_tracker, user_event
from tests.unit.actions.run import form_turn, response_names, run_action, slots_set

FORM = "bind_unit_form"


def answer_last4(services, text, unit="3栋2单元1502", name="张伟", sender="wx:oZhang"):
    slots = {"unit": unit, "owner_name": name, "phone_last4": text, "requested_slot": "phone_last4"}
    events = [user_event(text, "out_of_scope"), {"event": "slot", "name": "phone_last4", "value": text}]
    return run_action(ValidateBindUnitForm(), make_tracker(slots=slots, events=events, active_loop=FORM,
                                                           sender_id=sender))


def test_the_right_details_bind_and_end_the_form(services):
    events, messages = answer_last4(services, "5678")
    assert SlotSet("bind_result", "bound") in events and SlotSet("verified", True) in events
    assert SlotSet("requested_slot", None) in events  # a decided result ends the form
    # The name and the digits leave the slots as soon as they are checked.
    assert slots_set(events)["owner_name"] is None and slots_set(events)["phone_last4"] is None
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


def attempts(services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(BindingAttempt))


def test_a_unit_others_failed_on_is_stopped_at_the_unit_without_a_try(services):
    # Three accounts guessed at 3栋2单元1502: the unit is locked for everyone, however the unit is given.
    for guesser in ("wx:oGuess1", "wx:oGuess2", "wx:oGuess3"):
        answer_last4(services, "0000", sender=guesser)
    tried = attempts(services)
    events, messages = form_turn(ValidateBindUnitForm(), "我家是3栋2单元1502", "bind_unit", requested="unit",
                                 sender="wx:oZhang")
    assert slots_set(events)["bind_result"] == "locked" and slots_set(events)["unit"] == "3栋2单元1502"
    assert slots_set(events)["requested_slot"] is None and messages == []
    assert attempts(services) == tried  # nothing was checked
    closed, messages = run_action(ActionBindUnit(), make_tracker(slots=slots_set(events), sender_id="wx:oZhang"))
    assert response_names(messages) == ["utter_bind_locked"]
    assert all(SlotSet(s, None) in closed for s in ("unit", "owner_name", "phone_last4", "bind_result"))


def test_a_non_answer_after_two_failures_is_no_third_try(services):
    for _ in range(2):
        answer_last4(services, "0000")
    events, _ = form_turn(ValidateBindUnitForm(), "后四位记不清了", "deny", requested="phone_last4",
                          slots={"unit": "3栋2单元1502", "owner_name": "张伟"}, sender="wx:oZhang")
    assert slots_set(events)["form_outcome"] == "details_unknown"
    assert services.binding.lock("wx:oZhang", "3栋2单元1502") is None and attempts(services) == 2


def test_the_web_chat_is_never_asked_for_identity(services):
    events, messages = form_turn(ValidateBindUnitForm(), "3栋2单元1502", "bind_unit", requested="unit",
                                 sender="web:k3j4h5g6f7")
    assert slots_set(events)["bind_result"] == "not_wechat" and slots_set(events)["unit"] is None
    assert slots_set(events)["requested_slot"] is None and messages == [] and attempts(services) == 0
    _, messages = run_action(ActionBindUnit(), make_tracker(slots=slots_set(events), sender_id="web:k3j4h5g6f7"))
    assert response_names(messages) == ["utter_bind_wechat_only"]


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
