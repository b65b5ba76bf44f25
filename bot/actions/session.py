"""A new conversation (or one idle past session_expiration_time) opens with a short welcome."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.names import Action as A
from bot.names import Response, Slot

# Who the owner is survives a new session; half-filled forms do not.
CARRIED_OVER_SLOTS = (Slot.UNIT, Slot.PHONE)


class ActionSessionStart(Action):
    def name(self) -> str:
        return A.SESSION_START

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        events += [
            SlotSet(slot, tracker.get_slot(slot))
            for slot in CARRIED_OVER_SLOTS
            if tracker.get_slot(slot) is not None
        ]
        dispatcher.utter_message(response=Response.SESSION_WELCOME)
        events.append(ActionExecuted("action_listen"))
        return events
