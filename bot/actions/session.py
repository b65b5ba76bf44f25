"""A new conversation (or one idle past session_expiration_time) opens with a short welcome, and knows whether
this WeChat account is already bound (the ``verified`` slot steers the balance rules).

Nothing is carried over from the previous session: half-filled forms, names and phone digits stay behind. A report
the owner left half-way is not dropped with them, though: it becomes a ticket flagged for staff to complete, and
the owner is told its number.
"""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot import container
from bot.actions.base import conversation_id
from bot.actions.grievance_records import keep_unfinished_report, unfinished_report_slots
from bot.db.models import IncompleteReason
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
        services = container.get()
        who = conversation_id(tracker)
        try:
            verified = bool(services.binding.bound_units(who))
        except SQLAlchemyError:
            log.exception("session start could not read bindings; treating the owner as not yet verified")
            verified = False
        events.append(SlotSet(Slot.VERIFIED, verified))
        dispatcher.utter_message(response=Response.SESSION_WELCOME)
        if report := unfinished_report_slots(tracker.slots, tracker.active_loop.get("name")):
            try:
                keep_unfinished_report(services, who, report, IncompleteReason.OWNER_STOPPED_ANSWERING, dispatcher,
                                       Response.GRIEVANCE_KEPT_FROM_LAST_TIME)
            except SQLAlchemyError:
                log.exception("session start could not keep an unfinished report from the last session")
        events.append(ActionExecuted(A.LISTEN))
        return events
