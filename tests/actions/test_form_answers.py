"""What the forms write when owners answer as they really do, against SQLite and PostgreSQL with a second owner's
data present: nothing reported is lost, a correction changes the record just written, and "不记得" costs no
binding attempt. (Thursday 26 November 2026, tests/data/builders.py.)"""

from datetime import date

from rasa_sdk.events import SlotSet
from sqlalchemy import func, select

from bot.actions.account import ActionBindUnit, ValidateBindUnitForm
from bot.actions.grievances import ActionSubmitGrievance, ValidateGrievanceForm
from bot.actions.payment_plans import ActionSubmitPaymentPlan, ValidatePaymentPlanForm
from bot.actions.promises import ActionConfirmPromise, ValidatePromiseForm
from bot.actions.session import ActionSessionStart
from bot.db.models import BindingAttempt, Grievance, IncompleteReason, PaymentPlan, PromiseToPay
from tests.support import action_event, make_tracker, user_event
from tests.unit.actions.run import form_turn, response_names, run_action, slots_set

REPORT = {"grievance_description": "电梯坏了", "grievance_category": "elevator"}


def rows(services, model):
    with services.sessions() as session:
        return session.execute(select(model)).scalars().all()


def close(action, tracker_slots, sender, history=None):
    """Run a form's closing action on the slots the form left (and the conversation so far)."""
    return run_action(action, make_tracker(slots=tracker_slots, events=history or [], sender_id=sender))


def reopened(form, text, intent, closing, recorded, sender, entities=None, candidates=None):
    """The owner's reply right after ``closing`` ran: the form is reopened by data/rules/corrections.yml."""
    history = [user_event("…", "promise_to_pay"), action_event(closing), action_event("action_listen")]
    reply = user_event(text, intent, entities)
    events = [*history, reply, {"event": "active_loop", "name": form.form_name()}, action_event(form.form_name()),
              *({"event": "slot", "name": k, "value": v} for k, v in (candidates or {}).items())]
    slots = {"recorded": recorded, **(candidates or {})}
    tracker = make_tracker(slots=slots, events=events, active_loop=form.form_name(), sender_id=sender)
    validated, _ = run_action(form, tracker)
    closing_slots = {**slots, **slots_set(validated)}
    return validated, make_tracker(slots=closing_slots, events=events, sender_id=sender)


# ------------------------------------------------------------------------------------------------ grievances

def test_dont_know_where_still_makes_a_ticket_flagged_for_staff(services, zhang):
    events, _ = form_turn(ValidateGrievanceForm(), "不知道啊", "deny", requested="grievance_location", slots=REPORT,
                          sender=zhang)
    _, messages = close(ActionSubmitGrievance(), {**REPORT, **slots_set(events)}, zhang)
    assert response_names(messages)[0] == "utter_grievance_ticket_needs_location"
    [ticket] = rows(services, Grievance)
    assert (ticket.description, ticket.location, ticket.incomplete_reason) == ("电梯坏了", "", "owner_did_not_know")
    assert ticket.unit_id is not None  # the owner's home unit, so staff know whom to call


def test_the_place_remembered_right_after_completes_the_same_ticket(services, zhang):
    events, _ = form_turn(ValidateGrievanceForm(), "不知道啊", "deny", requested="grievance_location", slots=REPORT,
                          sender=zhang)
    closed, _ = close(ActionSubmitGrievance(), {**REPORT, **slots_set(events)}, zhang)
    recorded = slots_set(closed)["recorded"]
    validated, tracker = reopened(ValidateGrievanceForm(), "就是3栋那个电梯", "affirm", "action_submit_grievance",
                                  recorded, zhang)
    assert slots_set(validated)["grievance_location"] == "3栋那个电梯"
    _, messages = run_action(ActionSubmitGrievance(), tracker)
    assert response_names(messages) == ["utter_grievance_ticket_corrected"]
    [ticket] = rows(services, Grievance)
    assert (ticket.location, ticket.incomplete_reason) == ("3栋那个电梯", None)


def test_a_corrected_place_changes_the_same_ticket(services, zhang):
    slots = {**REPORT, "grievance_location": "3栋2单元"}
    closed, _ = close(ActionSubmitGrievance(), slots, zhang)
    validated, tracker = reopened(ValidateGrievanceForm(), "不对，是5栋2单元", "deny", "action_submit_grievance",
                                  slots_set(closed)["recorded"], zhang)
    run_action(ActionSubmitGrievance(), tracker)
    assert [(t.location, t.category) for t in rows(services, Grievance)] == [("5栋2单元", "elevator")]


def test_a_new_report_right_after_a_ticket_is_a_new_ticket(services, zhang):
    closed, _ = close(ActionSubmitGrievance(), {**REPORT, "grievance_location": "3栋"}, zhang)
    validated, tracker = reopened(ValidateGrievanceForm(), "楼道灯也坏了", "report_issue", "action_submit_grievance",
                                  slots_set(closed)["recorded"], zhang)
    assert slots_set(validated)["grievance_description"] == "楼道灯也坏了"
    assert "form_outcome" not in slots_set(validated)


def test_a_new_topic_keeps_the_report_as_a_ticket_without_the_new_topics_words(services, zhang):
    events, messages = form_turn(ValidateGrievanceForm(), "我月底交物业费", "promise_to_pay",
                                 requested="grievance_location", slots=REPORT, sender=zhang)
    assert response_names(messages) == ["utter_grievance_kept_incomplete"]
    [ticket] = rows(services, Grievance)
    assert (ticket.location, ticket.incomplete_reason) == ("", "owner_stopped_answering")
    assert all(v is None for k, v in slots_set(events).items() if k.startswith("grievance_"))


def test_asking_for_a_person_keeps_the_report_for_staff(services, zhang):
    form_turn(ValidateGrievanceForm(), "转人工", "request_human", requested="grievance_location", slots=REPORT,
              sender=zhang)
    assert [t.incomplete_reason for t in rows(services, Grievance)] == ["owner_asked_for_person"]


def test_only_an_explicit_cancellation_discards_the_report(services, zhang):
    events, _ = form_turn(ValidateGrievanceForm(), "算了不报了", "deny", requested="grievance_location", slots=REPORT,
                          sender=zhang)
    _, messages = close(ActionSubmitGrievance(), {**REPORT, **slots_set(events)}, zhang)
    assert response_names(messages) == ["utter_grievance_cancelled"]
    assert rows(services, Grievance) == []


def test_a_report_left_half_way_becomes_a_ticket_when_the_next_session_starts(services, zhang):
    tracker = make_tracker(slots={**REPORT, "requested_slot": "grievance_location"}, active_loop="grievance_form",
                           sender_id=zhang)
    events, messages = run_action(ActionSessionStart(), tracker)
    assert response_names(messages) == ["utter_session_welcome", "utter_grievance_kept_from_last_time"]
    assert [t.incomplete_reason for t in rows(services, Grievance)] == [IncompleteReason.OWNER_STOPPED_ANSWERING]
    assert not any(e.get("name") == "grievance_description" for e in events)  # the new session starts clean


def test_a_finished_report_is_not_recorded_again_at_session_start(services, zhang):
    tracker = make_tracker(slots={"recorded": {"form": "grievance_form", "ids": ["GR1"]}}, sender_id=zhang)
    run_action(ActionSessionStart(), tracker)
    assert rows(services, Grievance) == []


# ------------------------------------------------------------------------------------------------- promises

def test_a_corrected_date_changes_the_same_promise_and_says_its_weekday(services, zhang, world):
    closed, messages = close(ActionConfirmPromise(), {"promise_date": "2026-12-02"}, zhang)
    assert messages[0]["promise_text"] == "12月2日（周三）"
    recorded = slots_set(closed)["recorded"]
    validated, tracker = reopened(ValidatePromiseForm(), "不是，是下周五", "deny", "action_confirm_promise", recorded,
                                  zhang, candidates={"promise_date": "下周五"})
    assert slots_set(validated)["promise_date"] == "2026-12-04"
    events, messages = run_action(ActionConfirmPromise(), tracker)
    assert response_names(messages) == ["utter_promise_corrected"]
    assert messages[0]["promise_text"] == "12月4日（周五）"
    promises = rows(services, PromiseToPay)
    assert [(p.unit_id, p.promised_date, p.state) for p in promises] == [(world.unit_zhang, date(2026, 12, 4), "open")]
    assert services.arrears.reminder_pause_reasons(zhang, world.unit_zhang) == ["promise_to_pay"]


def test_a_no_that_corrects_nothing_keeps_the_promise(services, zhang):
    closed, _ = close(ActionConfirmPromise(), {"promise_date": "2026-12-02"}, zhang)
    validated, tracker = reopened(ValidatePromiseForm(), "不用了", "deny", "action_confirm_promise",
                                  slots_set(closed)["recorded"], zhang)
    assert slots_set(validated)["form_outcome"] == "kept"
    _, messages = run_action(ActionConfirmPromise(), tracker)
    assert response_names(messages) == ["utter_anything_else"]
    assert [p.promised_date for p in rows(services, PromiseToPay)] == [date(2026, 12, 2)]


def test_a_correction_to_a_day_gone_by_says_so_and_asks_again(services, zhang):
    closed, _ = close(ActionConfirmPromise(), {"promise_date": "2026-12-02"}, zhang)
    validated, _ = reopened(ValidatePromiseForm(), "不对，是这周二", "deny", "action_confirm_promise",
                            slots_set(closed)["recorded"], zhang, candidates={"promise_date": "这周二"})
    assert slots_set(validated)["promise_date"] is None and "form_outcome" not in slots_set(validated)
    assert [p.promised_date for p in rows(services, PromiseToPay)] == [date(2026, 12, 2)]  # unchanged so far


def test_a_later_promise_is_a_new_promise(services, zhang):
    close(ActionConfirmPromise(), {"promise_date": "2026-12-02"}, zhang)
    close(ActionConfirmPromise(), {"promise_date": "2026-12-10"}, zhang)  # not right after: no reopening
    assert sorted(p.state for p in rows(services, PromiseToPay)) == ["kept", "open"]


def test_dont_know_the_day_records_nothing(services, zhang):
    _, messages = close(ActionConfirmPromise(), {"form_outcome": "details_unknown"}, zhang)
    assert response_names(messages) == ["utter_promise_no_date"] and rows(services, PromiseToPay) == []


# ---------------------------------------------------------------------------------------------- payment plans

def test_a_corrected_length_changes_the_same_request(services, zhang):
    history = [user_event("最近失业了，能分几个月交吗", "request_payment_plan")]
    closed, _ = close(ActionSubmitPaymentPlan(), {"plan_months": 3}, zhang, history)
    validated, tracker = reopened(ValidatePaymentPlanForm(), "不对，分6个月", "deny", "action_submit_payment_plan",
                                  slots_set(closed)["recorded"], zhang)
    assert slots_set(validated)["plan_months"] == 6
    _, messages = run_action(ActionSubmitPaymentPlan(), tracker)
    assert response_names(messages) == ["utter_payment_plan_corrected"] and messages[0]["plan_months"] == 6
    assert [(p.months, p.state) for p in rows(services, PaymentPlan)] == [(6, "requested")]


def test_not_knowing_how_many_months_goes_to_a_person_with_the_owners_words(services, zhang):
    history = [user_event("手头紧，能缓缓吗", "request_payment_plan")]
    _, messages = close(ActionSubmitPaymentPlan(), {"form_outcome": "details_unknown"}, zhang, history)
    assert response_names(messages) == ["utter_payment_plan_to_staff_undecided"]
    assert rows(services, PaymentPlan) == [] and services.handoffs.is_waiting_or_active(zhang)


# ----------------------------------------------------------------------------------------------------- binding

def attempts(services, sender):
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(BindingAttempt)
                              .where(BindingAttempt.conversation_id == sender))


def test_not_remembering_the_name_counts_no_attempt_and_offers_other_ways(services):
    events, messages = form_turn(ValidateBindUnitForm(), "我不记得登记的名字了", "ask_balance", requested="owner_name",
                                 slots={"unit": "3栋2单元1502"}, sender="wx:oNew", confidence=1.0)
    assert slots_set(events)["form_outcome"] == "details_unknown" and messages == []
    closed, messages = close(ActionBindUnit(), {"unit": "3栋2单元1502", **slots_set(events)}, "wx:oNew")
    assert response_names(messages) == ["utter_bind_other_ways"]
    assert SlotSet("unit", None) in closed and attempts(services, "wx:oNew") == 0


def test_not_remembering_the_digits_counts_no_attempt(services):
    form_turn(ValidateBindUnitForm(), "记不清了", "deny", requested="phone_last4",
              slots={"unit": "3栋2单元1502", "owner_name": "张伟"}, sender="wx:oNew")
    assert attempts(services, "wx:oNew") == 0


def test_digits_given_up_front_are_checked_once_the_name_is_in(services):
    events, _ = form_turn(ValidateBindUnitForm(), "张伟", "nlu_fallback", requested="owner_name",
                          slots={"unit": "3栋2单元1502", "phone_last4": "5678"}, sender="wx:oNew", confidence=0.4)
    assert slots_set(events)["bind_result"] == "bound" and attempts(services, "wx:oNew") == 1


def test_a_corrected_unit_is_the_one_checked(services):
    events, _ = form_turn(ValidateBindUnitForm(), "说错了，是5栋1单元301", "bind_unit", requested="owner_name",
                          slots={"unit": "3栋2单元1502"}, sender="wx:oNew")
    assert slots_set(events)["unit"] == "5栋1单元301"
    events, _ = form_turn(ValidateBindUnitForm(), "5678", "out_of_scope", requested="phone_last4",
                          slots={"unit": "5栋1单元301", "owner_name": "张伟"}, sender="wx:oNew")
    assert slots_set(events)["bind_result"] == "bound"
