"""Helpers shared by the actions: the container, who is asking, and what they are bound to."""

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot import container
from bot.clock import today_in_shanghai
from bot.names import Response, Slot
from bot.services.binding import BoundUnit

log = logging.getLogger(__name__)


def today():
    return today_in_shanghai(container.get().clock)


def is_activation(tracker: Tracker) -> bool:
    """True while a form validates slots filled by the message that started it (nothing was asked yet)."""
    return tracker.get_slot(Slot.REQUESTED_SLOT) is None


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


def loop_started_by(tracker: Tracker, loop_name: str) -> str | None:
    """The intent of the owner message that started the latest run of ``loop_name`` (e.g. ask_balance)."""
    events = tracker.events
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "active_loop" and event.get("name") == loop_name:
            for earlier in reversed(events[:index]):
                if earlier.get("event") == "user":
                    return ((earlier.get("parse_data") or {}).get("intent") or {}).get("name")
            return None
    return None


class OwnerDataAction(Action, ABC):
    """An action over the company's records. If the database cannot be reached, the owner gets an apology and
    the offer of a person instead of silence (the error is logged for operations). Abstract, so rasa-sdk does not
    register it as an action itself."""

    async def run(
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
