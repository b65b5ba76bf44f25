"""Promises to pay: understand the date, confirm it back in plain words."""

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import is_activation, today
from bot.domain.dates import describe_date, parse_promise_date
from bot.names import Action as A
from bot.names import Response, Slot


class ValidatePromiseForm(FormValidationAction):
    def name(self) -> str:
        return A.VALIDATE_PROMISE_FORM

    def validate_promise_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        promised = parse_promise_date(str(value or ""), today())
        if promised is None:
            # "我会交的" names no day: just ask. Only a real answer that we cannot read gets an apology.
            if not is_activation(tracker):
                dispatcher.utter_message(response=Response.PROMISE_DATE_INVALID)
            return {Slot.PROMISE_DATE: None}
        return {Slot.PROMISE_DATE: promised.isoformat()}


class ActionConfirmPromise(Action):
    """Says the promised date back. (Recording it and pausing reminders arrive with owner data.)"""

    def name(self) -> str:
        return A.CONFIRM_PROMISE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        promised = date.fromisoformat(tracker.get_slot(Slot.PROMISE_DATE))
        dispatcher.utter_message(
            response=Response.PROMISE_CONFIRMED, promise_text=describe_date(promised, today())
        )
        return [SlotSet(Slot.PROMISE_DATE, None)]
