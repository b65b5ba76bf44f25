"""Helpers shared by the actions."""

from typing import Any

from rasa_sdk import Tracker

from bot import container
from bot.clock import today_in_shanghai
from bot.names import Slot


def today():
    return today_in_shanghai(container.get().clock)


def is_activation(tracker: Tracker) -> bool:
    """True while a form validates slots filled by the message that started it (nothing was asked yet)."""
    return tracker.get_slot(Slot.REQUESTED_SLOT) is None


def cleared(*slots: Slot) -> dict[str, Any]:
    return {str(slot): None for slot in slots}
