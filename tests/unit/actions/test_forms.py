"""Every form treats owners' replies the same way (bot/actions/forms.py): each form × {details up front, a vague
answer, "不知道", a question in passing, a correction, "算了", a new topic}. Nobody is bound in this empty database;
tests/actions/test_form_answers.py checks what the forms write to real records."""

import pytest
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, SlotSet

from bot import container
from bot.actions.account import ActionBindUnit, ValidateBindUnitForm
from bot.actions.grievances import ActionSubmitGrievance, ValidateGrievanceForm
from bot.actions.payment_plans import ActionSubmitPaymentPlan, ValidatePaymentPlanForm
from bot.actions.promises import ActionConfirmPromise, ValidatePromiseForm
from tests.support import make_tracker
from tests.unit.actions.run import form_turn, response_names, run_action, slots_set

# The tests run on Thursday 26 November 2026 (tests/unit/actions/conftest.py).
FORMS = {
    "grievance": (ValidateGrievanceForm(), "grievance_location", {"grievance_description": "电梯坏了",
                                                                  "grievance_category": "elevator"}),
    "promise": (ValidatePromiseForm(), "promise_date", {}),
    "plan": (ValidatePaymentPlanForm(), "plan_months", {}),
    "bind": (ValidateBindUnitForm(), "owner_name", {"unit": "3栋2单元1502"}),
}


def reply(form_key, text, intent="out_of_scope", confidence=0.9, history=None):
    form, requested, filled = FORMS[form_key]
    return form_turn(form, text, intent, requested=requested, slots=filled, history=history, confidence=confidence)


# -------------------------------------------------------------------------------------------- details up front

def test_a_report_that_says_where_is_not_asked_where():
    events, messages = form_turn(ValidateGrievanceForm(), "3栋2单元的电梯坏了好几天了", "report_issue")
    assert slots_set(events) == {"grievance_description": "3栋2单元的电梯坏了好几天了",
                                 "grievance_category": "elevator", "grievance_location": "3栋2单元电梯"}
    assert messages == []


def test_a_promise_with_its_day_needs_no_question():
    events, _ = form_turn(ValidatePromiseForm(), "我下周三交", "promise_to_pay")
    assert slots_set(events) == {"promise_date": "2026-12-02"}


def test_a_plan_request_with_its_length_needs_no_question():
    events, _ = form_turn(ValidatePaymentPlanForm(), "失业了能不能分3个月交", "request_payment_plan")
    assert slots_set(events) == {"plan_months": 3}


def test_binding_with_the_unit_and_the_digits_up_front_asks_only_the_name():
    text = "我是3栋2单元1502的业主，手机尾号5678"
    events, _ = form_turn(ValidateBindUnitForm(), text, "bind_unit", candidates={"unit": "3栋2单元1502"})
    assert slots_set(events) == {"unit": "3栋2单元1502", "phone_last4": "5678"}


def test_a_promise_without_a_day_just_asks():
    events, messages = form_turn(ValidatePromiseForm(), "我会交的", "promise_to_pay")
    assert slots_set(events) == {} and messages == []


def test_announcing_a_report_asks_what_is_wrong():
    events, messages = form_turn(ValidateGrievanceForm(), "我要报修", "report_issue")
    assert slots_set(events) == {} and messages == []


def test_a_report_that_arrives_as_a_new_topic_is_its_own_description():
    # The message that stopped another form starts this one: nothing filled the description from it.
    events, _ = form_turn(ValidateGrievanceForm(), "电梯坏了", "report_issue")
    assert slots_set(events) == {"grievance_description": "电梯坏了", "grievance_category": "elevator"}


def test_only_the_forms_own_topic_opens_it_with_its_words():
    events, _ = form_turn(ValidateGrievanceForm(), "不是，是5栋", "deny")
    assert "grievance_description" not in slots_set(events)


# -------------------------------------------------------------------------------------------------- vague answer

@pytest.mark.parametrize(("form_key", "text", "hint"), [
    ("grievance", "这边", "utter_grievance_location_hint"),
    ("promise", "过几天吧", "utter_promise_date_invalid"),
    ("promise", "等发了工资就交", "utter_promise_ask_payday"),
    ("plan", "几个月都行", "utter_plan_months_invalid"),
    ("bind", "我是他老婆", "utter_owner_name_invalid"),
])
def test_a_vague_answer_gets_an_example_and_the_question_again(form_key, text, hint):
    _, requested, _ = FORMS[form_key]
    events, messages = reply(form_key, text, "nlu_fallback", 0.4)
    assert response_names(messages) == [hint]
    assert slots_set(events) == {requested: None}


@pytest.mark.parametrize("form_key", ["grievance", "promise", "plan", "bind"])
def test_a_second_vague_answer_takes_the_way_forward(form_key):
    form, requested, _ = FORMS[form_key]
    hint = form.hint(requested, "嗯")
    earlier = [{"event": "bot", "text": "…", "metadata": {"utter_action": hint}}]
    events, messages = reply(form_key, "嗯", "affirm", history=earlier)
    assert messages == [] and slots_set(events)["form_outcome"] == "details_unknown"


# ----------------------------------------------------------------------------------------------------- 不知道

@pytest.mark.parametrize(("form_key", "text"), [("grievance", "不知道啊"), ("promise", "还不确定哪天"),
                                                ("plan", "不确定"), ("bind", "我不记得登记的名字了")])
def test_dont_know_ends_the_form_with_its_way_forward(form_key, text):
    events, messages = reply(form_key, text, "deny")
    assert messages == []
    assert slots_set(events)["form_outcome"] == "details_unknown"
    assert slots_set(events)["requested_slot"] is None


def test_not_knowing_the_category_still_asks_where():
    events, _ = form_turn(ValidateGrievanceForm(), "不知道算哪类", "deny", requested="grievance_category",
                          slots={"grievance_description": "有个东西坏了"})
    assert slots_set(events) == {"grievance_category": "other"}


def test_the_dont_know_endings_say_what_happens_next():
    def end(action, **slots):
        return response_names(run_action(action, make_tracker(slots={"form_outcome": "details_unknown", **slots}))[1])

    assert end(ActionSubmitGrievance(), grievance_description="电梯坏了",
               grievance_category="elevator") == ["utter_grievance_ticket_needs_location"]
    assert end(ActionConfirmPromise()) == ["utter_promise_no_date"]
    assert end(ActionSubmitPaymentPlan()) == ["utter_payment_plan_to_staff_undecided"]
    assert end(ActionBindUnit(), unit="3栋2单元1502") == ["utter_bind_other_ways"]
    assert container.get().handoffs.is_waiting_or_active("wx:oOwner1")  # the plan request went to a person


# ------------------------------------------------------------------------------------------ a question in passing

@pytest.mark.parametrize("form_key", ["grievance", "promise", "plan", "bind"])
@pytest.mark.parametrize(("text", "intent"), [("物业费怎么交", "ask_payment_methods"),
                                              ("不交会停水停电吗", "ask_nonpayment_consequence"),
                                              ("你好", "greet")])
def test_a_question_is_handed_to_its_rule_and_the_form_stays(form_key, text, intent):
    form, requested, _ = FORMS[form_key]
    events, messages = reply(form_key, text, intent)
    assert events == [SlotSet(requested, None), ActionExecutionRejected(form.form_name())]
    assert messages == []


# ----------------------------------------------------------------------------------------------------- 算了

@pytest.mark.parametrize(("form_key", "text"), [("grievance", "算了不报了"), ("promise", "算了不交了"),
                                                ("plan", "算了"), ("bind", "不绑了")])
def test_an_explicit_cancellation_ends_the_form(form_key, text):
    events, messages = reply(form_key, text, "deny")
    assert slots_set(events)["form_outcome"] == "cancelled" and messages == []


def test_cancelled_forms_say_nothing_was_recorded():
    def end(action):
        return response_names(run_action(action, make_tracker(slots={"form_outcome": "cancelled",
                                                                     "grievance_description": "电梯坏了"}))[1])

    assert end(ActionSubmitGrievance()) == ["utter_grievance_cancelled"]
    assert end(ActionConfirmPromise()) == ["utter_promise_cancelled"]
    assert end(ActionSubmitPaymentPlan()) == ["utter_payment_plan_cancelled"]
    assert end(ActionBindUnit()) == ["utter_bind_cancelled"]


# ----------------------------------------------------------------------------------------------- a new topic

@pytest.mark.parametrize(("form_key", "text", "intent"), [("grievance", "我月底交物业费", "promise_to_pay"),
                                                          ("promise", "电梯坏了", "report_issue"),
                                                          ("plan", "我已经交过了", "claim_paid"),
                                                          ("bind", "转人工", "request_human")])
def test_a_new_topic_stops_the_form_so_the_topic_is_handled(form_key, text, intent):
    form, requested, _ = FORMS[form_key]
    events, _ = reply(form_key, text, intent)
    assert events[-2:] == [ActiveLoop(None), ActionExecutionRejected(form.form_name())]
    assert all(value is None for value in slots_set(events).values())
    assert requested in slots_set(events) and "requested_slot" in slots_set(events)


def test_binding_left_for_another_topic_forgets_every_answer():
    events, _ = form_turn(ValidateBindUnitForm(), "算了转人工吧", "request_human", requested="phone_last4",
                          slots={"unit": "3栋2单元1502", "owner_name": "张伟"})
    assert {s: slots_set(events).get(s, "kept") for s in ("unit", "owner_name", "phone_last4")} == {
        "unit": None, "owner_name": None, "phone_last4": None}


# ---------------------------------------------------------------------------------------------- corrections

def test_the_unit_just_said_back_is_corrected_while_the_name_is_asked():
    events, messages = reply("bind", "不对，是1503", "nlu_fallback", 0.4)
    assert slots_set(events) == {"unit": "3栋2单元1503", "owner_name": None}
    assert response_names(messages) == ["utter_value_corrected"] and messages[0]["value"] == "3栋2单元1503"


# ------------------------------------------------------------------------- a day gone by, or one too far off

@pytest.mark.parametrize(("text", "response", "said"), [
    ("这周二", "utter_promise_date_past", "11月24日（周二）"),
    ("昨天", "utter_promise_date_past", "您说的那天"),
    ("500天后", "utter_promise_date_too_far", "2028年4月9日（周日）"),
])
def test_a_day_that_cannot_be_held_is_explained_and_asked_again(text, response, said):
    events, messages = reply("promise", text, "promise_to_pay")
    assert slots_set(events) == {"promise_date": None}  # the form asks again
    assert response_names(messages) == [response] and messages[0]["promise_text"] == said


def test_a_promise_for_a_day_gone_by_says_so_before_the_question():
    events, messages = form_turn(ValidatePromiseForm(), "我这周二交", "promise_to_pay")
    assert slots_set(events).get("promise_date") is None  # the form then asks which day
    assert response_names(messages) == ["utter_promise_date_past"] and messages[0]["promise_text"] == "11月24日（周二）"


def test_a_correction_while_the_question_is_asked_is_the_answer():
    events, _ = reply("promise", "不是，我是说下周五", "deny")
    assert slots_set(events) == {"promise_date": "2026-12-04"}
