"""Helpers shared by the actions: the container, who is asking, what they are bound to, reading the conversation
so far, and taking up the next of several concerns written in one message."""

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot import container
from bot.clock import today_in_shanghai
from bot.domain.form_turns import FormOutcome
from bot.names import Action as A
from bot.names import Intent, Response, Slot
from bot.services.binding import BoundUnit

log = logging.getLogger(__name__)


def today():
    return today_in_shanghai(container.get().clock)


def cleared(*slots: Slot) -> dict[str, Any]:
    return {str(slot): None for slot in slots}


def conversation_id(tracker: Tracker) -> str:
    """Who is asking: the Rasa sender id, a conversation id (bot.domain.conversation) that only the app's
    authenticated channel sets: ``wx:<openid>`` from a signed WeChat message, ``web:<random>`` from the web chat."""
    return tracker.sender_id


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def units_text(units: list[BoundUnit]) -> str:
    return "、".join(f"{u.label}（{u.community_name}）" for u in units)


# ------------------------------------------------------------------------------------- the conversation so far

def user_turns(tracker: Tracker) -> list[int]:
    """Indexes of the owner's messages in ``tracker.events``, oldest first."""
    return [i for i, event in enumerate(tracker.events) if event.get("event") == "user"]


def actions_before_latest_message(tracker: Tracker) -> list[str]:
    """What the bot did in its previous turn: the actions between the owner's last two messages."""
    turns = user_turns(tracker)
    if not turns:
        return []
    start = turns[-2] + 1 if len(turns) > 1 else 0
    return [e.get("name") for e in tracker.events[start:turns[-1]] if e.get("event") == "action"]


def loop_trigger_index(tracker: Tracker, loop_name: str) -> int | None:
    """The index of the owner message that started the latest run of ``loop_name``."""
    events = tracker.events
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "active_loop" and event.get("name") == loop_name:
            return next((i for i in range(index - 1, -1, -1) if events[i].get("event") == "user"), None)
    return None


def loop_started_by(tracker: Tracker, loop_name: str) -> str | None:
    """The intent of the owner message that started the latest run of ``loop_name`` (e.g. ask_balance)."""
    index = loop_trigger_index(tracker, loop_name)
    if index is None:
        return None
    return ((tracker.events[index].get("parse_data") or {}).get("intent") or {}).get("name")


def loop_started_right_after(tracker: Tracker, loop_name: str, action_name: str) -> bool:
    """True when the latest run of ``loop_name`` began with the owner's reply to a turn in which the bot ran
    ``action_name``: "不是，是下周五" right after a promise was confirmed reopens the promise form to correct it."""
    index = loop_trigger_index(tracker, loop_name)
    if index is None:
        return False
    earlier = [i for i in range(index) if tracker.events[i].get("event") == "user"]
    start = earlier[-1] + 1 if earlier else 0
    return any(e.get("event") == "action" and e.get("name") == action_name for e in tracker.events[start:index])


def times_said_since_asked(tracker: Tracker, slot: str, responses: frozenset[str]) -> int:
    """How often the bot said one of ``responses`` since it started asking for ``slot`` this time round."""
    count = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "bot" and (event.get("metadata") or {}).get("utter_action") in responses:
            count += 1
        elif kind == "active_loop" or (kind == "slot" and event.get("name") == Slot.REQUESTED_SLOT
                                       and event.get("value") not in (slot, None)):
            break
    return count


def ended_without_record(dispatcher: CollectingDispatcher, tracker: Tracker, cancelled: Response) -> bool:
    """For a form's closing action: says how the form ended when it is to write nothing, and returns True then —
    the owner cancelled ("算了不报了": ``cancelled`` says so), or the form was reopened right after it closed and the
    reply corrected nothing ("好的，还有什么…", or, for words the NLU could not place, a request for other words)."""
    outcome = tracker.get_slot(Slot.FORM_OUTCOME)
    if outcome == FormOutcome.CANCELLED:
        dispatcher.utter_message(response=cancelled)
        return True
    if outcome == FormOutcome.KEPT:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        dispatcher.utter_message(response=Response.ASK_REPHRASE if intent == Intent.NLU_FALLBACK
                                 else Response.ANYTHING_ELSE)
        return True
    return False


# ------------------------------------------------------------------------------------ several concerns at once

def replay(concern: dict[str, Any], tracker: Tracker) -> list[EventType]:
    """The events that hand one concern of an earlier message to the dialogue as if the owner had just said it:
    Rasa then reads the slots from it and predicts as for any message (the way its own fallback replays one)."""
    return [ActionExecuted(A.LISTEN), {
        "event": "user", "text": concern["text"], "parse_data": concern["parse_data"],
        "input_channel": tracker.get_latest_input_channel(),
        # Marks the turn in the conversation log as taken from a longer message, not typed again.
        "metadata": {"concern_of_message": concern.get("message_id")},
    }]


def next_concern(tracker: Tracker, events: list[EventType]) -> list[EventType]:
    """Once a concern is dealt with (no form is waiting for an answer), the next one the owner wrote in the same
    message is taken up. Empty when there is none."""
    if tracker.active_loop.get("name"):
        return []
    pending = tracker.get_slot(Slot.PENDING_CONCERNS) or []
    for event in events:
        if event.get("event") == "slot" and event.get("name") == Slot.PENDING_CONCERNS:
            pending = event.get("value") or []
        if event.get("event") == "user" or (event.get("event") == "active_loop" and event.get("name")):
            return []  # a message is already being replayed, or a form was started
    if not pending:
        return []
    first, *rest = pending
    return [SlotSet(Slot.PENDING_CONCERNS, rest or None), *replay(first, tracker)]


class ConcernAction(Action, ABC):
    """An action that deals with one concern of the owner's. When the owner wrote several in one message, the
    next is taken up once this one is done. Abstract, so rasa-sdk does not register it as an action itself."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events = await self.answer(dispatcher, tracker, domain)
        return [*events, *next_concern(tracker, events)]

    @abstractmethod
    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        ...


class OwnerDataAction(ConcernAction, ABC):
    """An action over the company's records. If the database cannot be reached, the owner gets an apology and
    the offer of a person instead of silence (the error is logged for operations)."""

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            # The records are read with blocking SQLAlchemy: in a worker thread, so the action server keeps
            # serving other owners meanwhile.
            return await asyncio.to_thread(self.act, dispatcher, tracker, container.get())
        except SQLAlchemyError:
            log.exception("%s could not reach the database", self.name())
            dispatcher.utter_message(response=Response.DATA_UNAVAILABLE)
            return []

    @abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, services: container.Container) -> list[EventType]:
        ...
