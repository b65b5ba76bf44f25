"""A new conversation (or one idle past session_expiration_time) opens with a short welcome, and knows whether
this WeChat account is already bound (the ``verified`` slot steers the balance rules).

A report the owner left half-way in the last session is not dropped with it: it becomes a ticket flagged for staff
to complete, and the owner is told its number.
"""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot import container
from bot.actions.base import openid
from bot.actions.grievance_records import keep_unfinished_report, unfinished_report_slots
from bot.db.models import IncompleteReason
from bot.names import Action as A
from bot.names import Response, Slot

log = logging.getLogger(__name__)

# Contact details survive a new session; half-filled forms do not (a half-filled report is kept as a ticket).
CARRIED_OVER_SLOTS = (Slot.PHONE,)


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
        services = container.get()
        who = openid(tracker)
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
                log.exception("session start could not keep %s's unfinished report", who)
        events.append(ActionExecuted(A.LISTEN))
        return events
