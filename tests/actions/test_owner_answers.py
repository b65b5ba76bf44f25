"""Every action that answers from the records: events, slots, response names, and privacy with 李娜's data present."""

import re
from datetime import date

from rasa_sdk.events import SlotSet
from sqlalchemy import select

from bot.actions.balance import ActionCheckBalance
from bot.actions.fees import ActionRespondFeeComplaint, ActionShowDiscount, ActionShowFeeUsage, ActionShowPaymentMethods
from bot.actions.grievances import ActionCheckTicketStatus, ActionSubmitGrievance
from bot.actions.handoff import ActionRequestHuman
from bot.actions.payment_plans import ActionSubmitPaymentPlan
from bot.actions.payments import ActionCheckPayment
from bot.actions.promises import ActionConfirmPromise
from bot.actions.reminders import ActionStopReminders
from bot.db.models import AuditLog, Grievance, PaymentPlan, PromiseToPay
from tests.support import make_tracker, user_event
from tests.unit.actions.run import response_names, run_action

LI_AMOUNT = "999.99元"


def said(sender, text="", intent="out_of_scope", entities=None, slots=None):
    events = [user_event(text, intent, entities)] if text else []
    return make_tracker(slots=slots, events=events, sender_id=sender)


# ------------------------------------------------------------------------------------------------- balance

def test_balance_for_a_bound_owner_by_unit_item_and_period(zhang, li):
    events, messages = run_action(ActionCheckBalance(), said(zhang, "我欠多少钱", "ask_balance"))
    assert events == []
    assert response_names(messages) == ["utter_balance_statement", "utter_balance_statement",
                                        "utter_balance_how_to_pay"]
    first = messages[0]["statement_text"]
    assert messages[0]["unit_label"] == "3栋2单元1502" and messages[0]["community"] == "阳光花园"
    assert "待缴合计：900.00元" in first and "已逾期 650.00元" in first and "2026年10月15日" in first
    assert "· 车位管理费 2026年10月：150.00元（已逾期）" in first
    assert "没有待缴费用" in messages[1]["statement_text"]  # 5栋1单元301 is paid up
    assert "https://pay.example.cn/yghy" in messages[2]["channels_text"]
    assert LI_AMOUNT not in str(messages)


def test_balance_narrowed_to_one_named_unit(zhang):
    tracker = said(zhang, "5栋1单元301交清了吗", "ask_balance", [{"entity": "unit", "value": "5栋1单元301"}])
    _, messages = run_action(ActionCheckBalance(), tracker)
    assert [m.get("unit_label") for m in messages if m["response"] == "utter_balance_statement"] == ["5栋1单元301"]


def test_balance_for_a_unit_not_bound_says_so_without_any_figure(zhang, li):
    tracker = said(zhang, "9栋1单元101欠多少", "ask_balance", [{"entity": "unit", "value": "9栋1单元101"}])
    _, messages = run_action(ActionCheckBalance(), tracker)
    assert response_names(messages) == ["utter_balance_unit_not_bound"]
    assert not re.search(r"\d\.\d\d元", str(messages))


def test_balance_for_a_period(zhang):
    tracker = said(zhang, "10月的账单", "ask_balance", [{"entity": "period", "value": "10月"}])
    _, messages = run_action(ActionCheckBalance(), tracker)
    text = messages[0]["statement_text"]
    assert "2026年10月" in text and "2026年9月" not in text


def test_a_tenant_is_told_how_to_pay_but_never_the_amounts(services):
    services.binding.bind("wx:oWang", "3栋2单元1502", "王芳", "1111")
    _, messages = run_action(ActionCheckBalance(), said("wx:oWang", "欠多少", "ask_balance"))
    assert response_names(messages) == ["utter_balance_not_owner"]
    assert "900.00" not in str(messages) and "250.00" not in str(messages)


def test_every_balance_view_is_audited(services, zhang):
    run_action(ActionCheckBalance(), said(zhang, "欠多少", "ask_balance"))
    with services.sessions() as session:
        actions = session.execute(select(AuditLog.action, AuditLog.actor)).all()
    assert ("view_balance", "wx:oZhang") in actions


# --------------------------------------------------------------------------------------- community answers

def test_payment_methods_of_the_owners_community_or_generic(zhang, services):
    _, messages = run_action(ActionShowPaymentMethods(), said(zhang))
    assert response_names(messages) == ["utter_payment_methods_community"]
    assert messages[0]["community"] == "阳光花园" and "8:30-17:30" in messages[0]["channels_text"]
    _, messages = run_action(ActionShowPaymentMethods(), said("wx:oNobody"))
    assert response_names(messages) == ["utter_payment_methods"]


def test_fee_usage_shows_the_latest_disclosure_in_plain_numbers(zhang, li):
    _, messages = run_action(ActionShowFeeUsage(), said(zhang))
    assert response_names(messages) == ["utter_fee_usage_community"]
    text = messages[0]["disclosure_text"]
    assert "收缴率 87.0%" in text and "人员工资社保 360,000.00元" in text and "专项维修资金" in text
    # 翠湖苑 has published nothing yet: the general answer, not invented numbers.
    _, messages = run_action(ActionShowFeeUsage(), said(li))
    assert response_names(messages) == ["utter_fee_usage"]


def test_discount_of_the_owners_community(zhang):
    _, messages = run_action(ActionShowDiscount(), said(zhang))
    assert response_names(messages) == ["utter_discount_community"]
    assert messages[0]["discount_text"] == "一次交清全年享95折"


def test_a_concrete_fee_complaint_is_heard_logged_and_pauses_reminders(services, zhang, world):
    text = "电梯天天坏，还收这么贵的物业费"
    _, messages = run_action(ActionRespondFeeComplaint(), said(zhang, text, "complain_fee"))
    assert response_names(messages) == ["utter_complain_fee_listen", "utter_complain_fee_ticket",
                                        "utter_complain_fee_disclosure", "utter_offer_human"]
    assert messages[1]["department"] == "工程部" and messages[1]["sla_text"] == "2小时"
    assert "open_grievance" in services.arrears.reminder_pause_reasons(zhang, world.unit_zhang)


def test_a_general_fee_complaint_is_heard_and_explained_without_a_ticket(services, zhang):
    _, messages = run_action(ActionRespondFeeComplaint(), said(zhang, "物业费太贵了", "complain_fee"))
    assert response_names(messages) == ["utter_complain_fee_listen", "utter_complain_fee_disclosure",
                                        "utter_complain_fee_invite"]
    with services.sessions() as session:
        assert session.execute(select(Grievance)).first() is None


# ------------------------------------------------------------------------------------- promises and plans

def test_a_promise_is_recorded_for_the_unit_that_owes_and_pauses_reminders(services, zhang, world):
    events, messages = run_action(ActionConfirmPromise(), make_tracker(slots={"promise_date": "2026-11-30"},
                                                                       sender_id=zhang))
    assert SlotSet("promise_date", None) in events and events[-1]["name"] == "recorded"
    assert response_names(messages) == ["utter_promise_recorded"]
    assert messages[0]["promise_text"] == "11月30日（周一）" and messages[0]["unit_list"] == "3栋2单元1502（阳光花园）"
    with services.sessions() as session:
        promises = session.execute(select(PromiseToPay.unit_id, PromiseToPay.promised_date)).all()
    assert promises == [(world.unit_zhang, date(2026, 11, 30))]
    assert services.arrears.reminder_pause_reasons(zhang, world.unit_zhang) == ["promise_to_pay"]


def test_a_payment_plan_request_is_recorded_with_amount_and_reason(services, zhang, world):
    history = [user_event("最近失业了，能分几个月交吗", "request_payment_plan")]
    tracker = make_tracker(slots={"plan_months": 3}, events=history, sender_id=zhang)
    events, messages = run_action(ActionSubmitPaymentPlan(), tracker)
    assert SlotSet("plan_months", None) in events and events[-1]["name"] == "recorded"
    assert response_names(messages) == ["utter_payment_plan_recorded"] and messages[0]["amount"] == "900.00元"
    with services.sessions() as session:
        plan = session.execute(select(PaymentPlan)).scalar_one()
    assert (plan.unit_id, plan.months, plan.amount_fen, plan.state) == (world.unit_zhang, 3, 90_000, "requested")
    assert plan.reason == "最近失业了，能分几个月交吗"
    assert "payment_plan" in services.arrears.reminder_pause_reasons(zhang, world.unit_zhang)


# ------------------------------------------------------------------------------------------ I already paid

def test_already_paid_and_found_thanks_the_owner_and_mentions_what_is_still_due(zhang):
    _, messages = run_action(ActionCheckPayment(), said(zhang, "我已经交过了", "claim_paid"))
    assert response_names(messages) == ["utter_payment_found", "utter_payment_still_due"]
    assert "支付宝 200.00元" in messages[0]["payments_text"]
    assert messages[1]["amount"] == "900.00元"


def test_already_paid_but_not_found_asks_for_proof_and_hands_to_staff(services, li):
    _, messages = run_action(ActionCheckPayment(), said(li, "上周就交了", "claim_paid"))
    assert response_names(messages) == ["utter_payment_not_found"]
    assert services.handoffs.is_waiting_or_active(li)


def test_already_paid_before_binding_hands_to_staff(services):
    _, messages = run_action(ActionCheckPayment(), said("wx:oNobody", "交了", "claim_paid"))
    assert response_names(messages) == ["utter_claim_paid_unverified"]
    assert services.handoffs.is_waiting_or_active("wx:oNobody")


# --------------------------------------------------------------------------------------------- grievances

def test_a_ticket_is_created_routed_and_reported_back(services, zhang, world):
    slots = {"grievance_description": "楼上漏水到我家", "grievance_category": "leak",
             "grievance_location": "3栋2单元1502"}
    _, messages = run_action(ActionSubmitGrievance(), make_tracker(slots=slots, sender_id=zhang))
    assert response_names(messages) == ["utter_grievance_ticket_created", "utter_grievance_reminders_paused"]
    assert messages[0]["ticket_no"] == "GR20261126-0001" and messages[0]["department"] == "工程部"
    assert messages[0]["emergency_phone"] == "010-88889999"
    with services.sessions() as session:
        grievance = session.execute(select(Grievance)).scalar_one()
    assert grievance.unit_id == world.unit_zhang and grievance.conversation_id == zhang


def test_ticket_status_shows_only_the_askers_tickets(services, zhang, li):
    slots = {"grievance_description": "楼道灯坏了", "grievance_category": "repair", "grievance_location": "3栋2单元"}
    run_action(ActionSubmitGrievance(), make_tracker(slots=slots, sender_id=zhang))
    _, messages = run_action(ActionCheckTicketStatus(), said(zhang, "我报修的怎么样了", "ask_ticket_status"))
    assert response_names(messages) == ["utter_ticket_status"]
    assert "GR20261126-0001" in messages[0]["tickets_text"] and "已受理" in messages[0]["tickets_text"]
    _, messages = run_action(ActionCheckTicketStatus(), said(li, "我的工单呢", "ask_ticket_status"))
    assert response_names(messages) == ["utter_no_tickets"]


# ------------------------------------------------------------------------------------ reminders and people

def test_stop_reminders_is_recorded_once(services, zhang, world):
    _, messages = run_action(ActionStopReminders(), said(zhang, "别再发催费消息了", "stop_reminders"))
    assert response_names(messages) == ["utter_stop_reminders_recorded"]
    _, messages = run_action(ActionStopReminders(), said(zhang, "别发了", "stop_reminders"))
    assert response_names(messages) == ["utter_stop_reminders_already"]
    assert "opted_out" in services.arrears.reminder_pause_reasons(zhang, world.unit_zhang)


def test_request_human_marks_the_conversation_for_takeover_once(services, zhang):
    _, messages = run_action(ActionRequestHuman(), said(zhang, "转人工", "request_human"))
    assert response_names(messages) == ["utter_request_human_queued"]
    assert messages[0]["service_phone"] == "010-88886666"
    assert services.handoffs.is_waiting_or_active(zhang)
    _, messages = run_action(ActionRequestHuman(), said(zhang, "人呢", "request_human"))
    assert response_names(messages) == ["utter_request_human_already"]
