"""Promises to pay: understand the date (Asia/Shanghai), record it, confirm it back in plain words."""

from datetime import date
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import OwnerDataAction, conversation_id, is_activation, today, units_text
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


class ActionConfirmPromise(OwnerDataAction):
    """Records the promise against each unit the owner owns that has something to pay (reminders pause until
    the day after), and says the date back in plain words."""

    def name(self) -> str:
        return A.CONFIRM_PROMISE

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        promised = date.fromisoformat(tracker.get_slot(Slot.PROMISE_DATE))
        promise_text = describe_date(promised, today())
        who = conversation_id(tracker)
        owned = services.binding.owned_units(who)
        if not owned:
            dispatcher.utter_message(response=Response.PROMISE_UNBOUND, promise_text=promise_text)
            return [SlotSet(Slot.PROMISE_DATE, None)]
        owing = [s.unit for s in services.balances.statements(who, [u.unit_id for u in owned])
                 if s.statement.outstanding_fen > 0] or owned
        for unit in owing:
            services.arrears.record_promise(who, unit, promised)
        dispatcher.utter_message(response=Response.PROMISE_RECORDED, promise_text=promise_text,
                                 unit_list=units_text(owing))
        return [SlotSet(Slot.PROMISE_DATE, None)]
