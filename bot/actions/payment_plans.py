"""Hardship: how many months the owner needs, then a request recorded for staff approval."""

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import OwnerDataAction, conversation_id, is_activation, units_text
from bot.db.models import HandoffReason
from bot.domain.money import format_fen
from bot.domain.months import parse_plan_months
from bot.names import Action as A
from bot.names import Intent, Response, Slot


class ValidatePaymentPlanForm(FormValidationAction):
    def name(self) -> str:
        return A.VALIDATE_PAYMENT_PLAN_FORM

    def validate_plan_months(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        months = parse_plan_months(str(value or ""))
        if months is None and not is_activation(tracker):
            dispatcher.utter_message(response=Response.PLAN_MONTHS_INVALID)
        return {Slot.PLAN_MONTHS: months}


class ActionSubmitPaymentPlan(OwnerDataAction):
    """Records the request (months, amount owed, the owner's own words as the reason) for staff approval.
    Before binding, the request goes to a person instead, so nothing the owner said is lost."""

    def name(self) -> str:
        return A.SUBMIT_PAYMENT_PLAN

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        months = tracker.get_slot(Slot.PLAN_MONTHS)
        who = conversation_id(tracker)
        reason = plan_reason(tracker)
        owned = services.binding.owned_units(who)
        if not owned:
            services.handoffs.request(who, HandoffReason.PAYMENT_PLAN, f"{months}个月；{reason}")
            dispatcher.utter_message(response=Response.PAYMENT_PLAN_TO_STAFF, plan_months=months)
            return [SlotSet(Slot.PLAN_MONTHS, None)]
        statements = services.balances.statements(who, [u.unit_id for u in owned])
        owing = [s for s in statements if s.statement.outstanding_fen > 0] or statements
        for item in owing:
            services.arrears.request_plan(who, item.unit, months, item.statement.outstanding_fen, reason)
        total = sum(s.statement.outstanding_fen for s in owing)
        dispatcher.utter_message(response=Response.PAYMENT_PLAN_RECORDED, plan_months=months,
                                 amount=format_fen(total), unit_list=units_text([s.unit for s in owing]))
        return [SlotSet(Slot.PLAN_MONTHS, None)]


def plan_reason(tracker) -> str:
    """The owner's own words from the message that started the request ("最近失业了，能分几个月吗")."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == Intent.REQUEST_PAYMENT_PLAN:
                return (event.get("text") or "")[:500]
    return ""
