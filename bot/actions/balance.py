"""What do I owe.

Balances are shown only to an owner verified against the company's records. Until owner data is connected
(the owner-data issue), nobody is verified, so the bot never shows a figure: it says so plainly and says how
to find out today. It never makes a balance up.
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Response, Slot


class ActionCheckBalance(Action):
    def name(self) -> str:
        return A.CHECK_BALANCE

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        unit = normalize_unit(tracker.get_slot(Slot.UNIT) or "")
        if unit is None:
            dispatcher.utter_message(response=Response.BALANCE_NEEDS_VERIFICATION)
            return []
        dispatcher.utter_message(response=Response.BALANCE_UNIT_NOTED, unit=unit)
        return [SlotSet(Slot.UNIT, unit)]
