"""Concrete problems: what is wrong and where, then an honest next step."""

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import is_activation
from bot.domain.grievances import clip_description, is_usable_description
from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Response, Slot


class ValidateGrievanceForm(FormValidationAction):
    def name(self) -> str:
        return A.VALIDATE_GRIEVANCE_FORM

    def validate_grievance_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "")
        if not is_usable_description(text):
            # "我要报修" announces a report without saying what is wrong: ask, without scolding.
            return {Slot.GRIEVANCE_DESCRIPTION: None}
        result: dict[str, Any] = {Slot.GRIEVANCE_DESCRIPTION: clip_description(text)}
        if is_activation(tracker) and (unit := normalize_unit(text)):
            # "3栋2单元1502楼上漏水" already says where.
            result[Slot.GRIEVANCE_LOCATION] = unit
        return result

    def validate_grievance_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if not text:
            return {Slot.GRIEVANCE_LOCATION: None}
        return {Slot.GRIEVANCE_LOCATION: normalize_unit(text) or clip_description(text)}


class ActionSubmitGrievance(Action):
    """Reads the report back and says how to get it handled. (Tickets arrive with owner data.)"""

    def name(self) -> str:
        return A.SUBMIT_GRIEVANCE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(
            response=Response.GRIEVANCE_RECEIVED,
            grievance_description=tracker.get_slot(Slot.GRIEVANCE_DESCRIPTION),
            grievance_location=tracker.get_slot(Slot.GRIEVANCE_LOCATION),
        )
        return [SlotSet(Slot.GRIEVANCE_DESCRIPTION, None), SlotSet(Slot.GRIEVANCE_LOCATION, None)]
