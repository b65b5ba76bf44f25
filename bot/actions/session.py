"""A new conversation (or one idle past session_expiration_time) opens with a short welcome, and knows whether
this WeChat account is already bound (the ``verified`` slot steers the balance rules).

Nothing is carried over from the previous session: half-filled forms, names and phone digits stay behind."""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot import container
from bot.actions.base import conversation_id
from bot.names import Action as A
from bot.names import Response, Slot

log = logging.getLogger(__name__)

class ActionSessionStart(Action):
    def name(self) -> str:
        return A.SESSION_START

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        try:
            verified = bool(container.get().binding.bound_units(conversation_id(tracker)))
        except SQLAlchemyError:
            log.exception("session start could not read bindings; treating the owner as not yet verified")
            verified = False
        events.append(SlotSet(Slot.VERIFIED, verified))
        dispatcher.utter_message(response=Response.SESSION_WELCOME)
        events.append(ActionExecuted("action_listen"))
        return events
