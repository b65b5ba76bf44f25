"""Which unit the owner lives in (verification against records comes with owner data)."""

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Response, Slot


class ValidateBindUnitForm(FormValidationAction):
    def name(self) -> str:
        return A.VALIDATE_BIND_UNIT_FORM

    def validate_unit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        unit = normalize_unit(str(value or ""))
        if unit is None:
            dispatcher.utter_message(response=Response.UNIT_INVALID)
        return {Slot.UNIT: unit}
