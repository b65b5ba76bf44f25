"""Form validators and the actions that close each form."""

from rasa_sdk.events import SlotSet

from bot import container
from bot.actions.account import ValidateBindUnitForm
from bot.actions.grievances import ActionSubmitGrievance, ValidateGrievanceForm
from bot.actions.payment_plans import ActionSubmitPaymentPlan, ValidatePaymentPlanForm
from bot.actions.promises import ActionConfirmPromise, ValidatePromiseForm
from tests.support import make_tracker, user_event
from tests.unit.actions.run import response_names, run_action


def validate(form, slots, requested=None, text="x", intent="out_of_scope"):
    """Run a validator the way Rasa does: the slots just set appear as SlotSet events after the user turn."""
    events = [user_event(text, intent)] + [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    tracker = make_tracker(slots={**slots, "requested_slot": requested}, events=events, active_loop=form.form_name())
    return run_action(form, tracker)


def test_promise_date_is_stored_as_an_iso_date():
    events, messages = validate(ValidatePromiseForm(), {"promise_date": "月底"}, requested="promise_date")
    assert SlotSet("promise_date", "2026-11-30") in events
    assert messages == []


def test_promise_without_a_date_at_activation_just_asks():
    events, messages = validate(ValidatePromiseForm(), {"promise_date": "我会交的"})
    assert SlotSet("promise_date", None) in events
    assert messages == []


def test_unreadable_promise_answer_gets_an_apology():
    events, messages = validate(ValidatePromiseForm(), {"promise_date": "等发了工资"}, requested="promise_date")
    assert SlotSet("promise_date", None) in events
    assert response_names(messages) == ["utter_promise_date_invalid"]


def test_confirm_promise_says_the_date_plainly_and_clears_it():
    # Nobody is bound in this empty database: the date is confirmed, and binding is offered to record it.
    events, messages = run_action(ActionConfirmPromise(), make_tracker(slots={"promise_date": "2026-11-30"}))
    assert response_names(messages) == ["utter_promise_unbound"]
    assert messages[0]["promise_text"] == "11月30日（周一）"
    assert events == [SlotSet("promise_date", None)]


def test_plan_months_from_the_request_itself():
    events, messages = validate(ValidatePaymentPlanForm(), {"plan_months": "能不能分3个月交"})
    assert SlotSet("plan_months", 3) in events and messages == []


def test_plan_months_absurd_answer_is_refused():
    events, messages = validate(ValidatePaymentPlanForm(), {"plan_months": "分100个月"}, requested="plan_months")
    assert SlotSet("plan_months", None) in events
    assert response_names(messages) == ["utter_plan_months_invalid"]


def test_submit_payment_plan_before_binding_goes_to_a_person_and_clears():
    events, messages = run_action(ActionSubmitPaymentPlan(), make_tracker(slots={"plan_months": 3}))
    assert response_names(messages) == ["utter_payment_plan_to_staff"]
    assert container.get().handoffs.is_waiting_or_active("wx:oOwner1")
    assert messages[0]["plan_months"] == 3
    assert events == [SlotSet("plan_months", None)]


def test_grievance_report_with_a_unit_fills_the_location_too():
    events, _ = validate(ValidateGrievanceForm(), {"grievance_description": "3栋2单元1502楼上漏水"})
    assert SlotSet("grievance_description", "3栋2单元1502楼上漏水") in events
    assert SlotSet("grievance_location", "3栋2单元1502") in events


def test_announcing_a_report_asks_what_is_wrong():
    events, messages = validate(ValidateGrievanceForm(), {"grievance_description": "我要报修"})
    assert SlotSet("grievance_description", None) in events
    assert messages == []


def test_free_text_location_is_kept():
    events, _ = validate(ValidateGrievanceForm(), {"grievance_location": "地下车库B区"},
                         requested="grievance_location")
    assert SlotSet("grievance_location", "地下车库B区") in events


def test_submit_grievance_creates_a_ticket_and_clears():
    tracker = make_tracker(slots={"grievance_description": "电梯坏了", "grievance_category": "elevator",
                                  "grievance_location": "3栋2单元"})
    events, messages = run_action(ActionSubmitGrievance(), tracker)
    assert response_names(messages) == ["utter_grievance_ticket_created"]
    assert messages[0]["ticket_no"] == "GR20261126-0001" and messages[0]["sla_text"] == "2小时"
    assert events == [SlotSet("grievance_description", None), SlotSet("grievance_category", None),
                      SlotSet("grievance_location", None)]


def test_grievance_category_is_guessed_from_the_description():
    events, _ = validate(ValidateGrievanceForm(), {"grievance_description": "2单元电梯又坏了"})
    assert SlotSet("grievance_category", "elevator") in events


def test_grievance_category_answer_by_number_or_name():
    events, messages = validate(ValidateGrievanceForm(), {"grievance_category": "4"}, requested="grievance_category")
    assert SlotSet("grievance_category", "cleaning") in events and messages == []
    events, _ = validate(ValidateGrievanceForm(), {"grievance_category": "其他"}, requested="grievance_category")
    assert SlotSet("grievance_category", "other") in events
    events, messages = validate(ValidateGrievanceForm(), {"grievance_category": "99"}, requested="grievance_category")
    assert SlotSet("grievance_category", None) in events
    assert response_names(messages) == ["utter_grievance_category_invalid"]


def test_unit_is_normalised_or_refused():
    events, messages = validate(ValidateBindUnitForm(), {"unit": "3号楼2单元1502室"}, requested="unit")
    assert SlotSet("unit", "3栋2单元1502") in events and messages == []
    events, messages = validate(ValidateBindUnitForm(), {"unit": "我家在河边"}, requested="unit")
    assert SlotSet("unit", None) in events
    assert response_names(messages) == ["utter_unit_invalid"]
