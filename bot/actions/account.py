"""Binding this WeChat account to units on record: unit, then name, then the phone's last four digits.

The check runs when the last answer arrives (in the validator), so a mismatch can restart the form from the
unit at once. A failure never says which part was wrong; three in a row lock binding for 30 minutes.
"""

import re
import unicodedata
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import container
from bot.actions.balance import tell_statements
from bot.actions.base import OwnerDataAction, loop_started_by, openid, units_text
from bot.domain.identity import given_name
from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Form, Intent, Response, Slot
from bot.render.dates import local_time
from bot.services.binding import BindOutcome

LOCKED = "locked"


def phone_last4_answer(text: str) -> str | None:
    """Four digits, or a whole mainland mobile number (its last four)."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))
    return digits[-4:] if len(digits) in (4, 11) else None


class ValidateBindUnitForm(FormValidationAction):
    def name(self) -> str:
        return A.VALIDATE_BIND_UNIT_FORM

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        # A decided result (bound or locked) ends the form; action_bind_unit reports it.
        return [] if tracker.get_slot(Slot.BIND_RESULT) else domain_slots

    def validate_unit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        if container.get().binding.lock_ends(openid(tracker)):
            return {Slot.UNIT: None, Slot.BIND_RESULT: LOCKED}
        unit = normalize_unit(str(value or ""))
        if unit is None:
            dispatcher.utter_message(response=Response.UNIT_INVALID)
        return {Slot.UNIT: unit}

    def validate_owner_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        name = given_name(str(value or ""))
        if name is None:
            dispatcher.utter_message(response=Response.OWNER_NAME_INVALID)
        return {Slot.OWNER_NAME: name}

    def validate_phone_last4(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        last4 = phone_last4_answer(str(value or ""))
        if last4 is None:
            dispatcher.utter_message(response=Response.PHONE_LAST4_INVALID)
            return {Slot.PHONE_LAST4: None}
        unit, name = tracker.get_slot(Slot.UNIT), tracker.get_slot(Slot.OWNER_NAME)
        if not unit or not name:
            return {Slot.PHONE_LAST4: last4}  # answered early; checked once unit and name are in
        result = container.get().binding.bind(openid(tracker), unit, name, last4)
        if result.outcome in (BindOutcome.BOUND, BindOutcome.ALREADY_BOUND):
            return {Slot.PHONE_LAST4: last4, Slot.BIND_RESULT: str(result.outcome), Slot.VERIFIED: True}
        if result.outcome is BindOutcome.LOCKED:
            return {Slot.PHONE_LAST4: None, Slot.BIND_RESULT: LOCKED}
        dispatcher.utter_message(response=Response.BIND_MISMATCH, tries_left=result.tries_left)
        return {Slot.UNIT: None, Slot.OWNER_NAME: None, Slot.PHONE_LAST4: None}


class ActionBindUnit(OwnerDataAction):
    """Reports the binding: the units now bound (and their balance, if that was the question), or the lock."""

    def name(self) -> str:
        return A.BIND_UNIT

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        result = tracker.get_slot(Slot.BIND_RESULT)
        reset = [SlotSet(slot, None) for slot in (Slot.BIND_RESULT, Slot.UNIT, Slot.OWNER_NAME, Slot.PHONE_LAST4)]
        who = openid(tracker)
        if result == LOCKED:
            lock_end = services.binding.lock_ends(who)
            services.handoffs.request(who, "binding_locked", "three failed verification tries")
            dispatcher.utter_message(response=Response.BIND_LOCKED,
                                     lock_end=local_time(lock_end) if lock_end else "稍后")
            return reset
        units = services.binding.bound_units(who)
        if not units:  # the form ended without a result (should not happen): say nothing false
            dispatcher.utter_message(response=Response.BALANCE_NEEDS_VERIFICATION)
            return reset
        response = Response.BIND_SUCCESS if result == BindOutcome.BOUND else Response.BIND_ALREADY
        dispatcher.utter_message(response=response, unit_list=units_text(units))
        if loop_started_by(tracker, Form.BIND_UNIT) == Intent.ASK_BALANCE:
            tell_statements(dispatcher, services, who, units)
        return [*reset, SlotSet(Slot.VERIFIED, True)]
