"""Hardship: how many months the owner needs, then an honest next step."""

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import is_activation
from bot.domain.months import parse_plan_months
from bot.names import Action as A
from bot.names import Response, Slot


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


class ActionSubmitPaymentPlan(Action):
    """Acknowledges the request. (Recording it for staff approval arrives with owner data.)"""

    def name(self) -> str:
        return A.SUBMIT_PAYMENT_PLAN

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(
            response=Response.PAYMENT_PLAN_RECEIVED, plan_months=tracker.get_slot(Slot.PLAN_MONTHS)
        )
        return [SlotSet(Slot.PLAN_MONTHS, None)]
