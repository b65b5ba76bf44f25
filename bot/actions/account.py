"""Binding this WeChat account to units on record: unit, then name, then the phone's last four digits.

The check runs when the last answer arrives (in the validator), so a mismatch can restart the form from the
unit at once. A failure never says which part was wrong; three in a row lock binding for 30 minutes, for the
conversation and for the unit label (whoever tries it). Only WeChat conversations bind: the web chat is told
that binding happens in the WeChat account. However binding ends, the name and phone digits leave the slots.
"""

import re
import unicodedata
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import container
from bot.actions.balance import tell_statements
from bot.actions.base import OwnerDataAction, conversation_id, loop_started_by, units_text
from bot.db.models import HandoffReason
from bot.domain import conversation
from bot.domain.identity import LockScope, given_name
from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Form, Intent, Response, Slot
from bot.render.community import staff_contact_text
from bot.render.dates import local_time
from bot.services.binding import BindOutcome

# Slots that hold what the person typed to prove who they are: cleared whenever binding ends.
BINDING_ANSWERS = (Slot.UNIT, Slot.OWNER_NAME, Slot.PHONE_LAST4)


def phone_last4_answer(text: str) -> str | None:
    """Four digits, or a whole mainland mobile number (its last four)."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))
    return digits[-4:] if len(digits) in (4, 11) else None


def forget_binding_answers() -> list[EventType]:
    return [SlotSet(slot, None) for slot in (Slot.BIND_RESULT, *BINDING_ANSWERS)]


class ValidateBindUnitForm(FormValidationAction):
    def name(self) -> str:
        return A.VALIDATE_BIND_UNIT_FORM

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        # A decided result (bound or locked) ends the form; action_bind_unit reports it.
        return [] if tracker.get_slot(Slot.BIND_RESULT) else domain_slots

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if not _on_wechat(tracker):
            # Nothing is asked and nothing the person typed is kept: the form ends at once.
            return [*forget_binding_answers(), SlotSet(Slot.BIND_RESULT, BindOutcome.NOT_WECHAT),
                    SlotSet(Slot.REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    def validate_unit(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        unit = normalize_unit(str(value or ""))
        if container.get().binding.lock(conversation_id(tracker), unit):
            # The label stays until action_bind_unit, which names the service centre to call.
            return {Slot.UNIT: unit, Slot.BIND_RESULT: BindOutcome.LOCKED}
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
        result = container.get().binding.bind(conversation_id(tracker), unit, name, last4)
        if result.outcome in (BindOutcome.BOUND, BindOutcome.ALREADY_BOUND):
            return {Slot.OWNER_NAME: None, Slot.PHONE_LAST4: None, Slot.BIND_RESULT: result.outcome,
                    Slot.VERIFIED: True}
        if result.outcome is BindOutcome.LOCKED:
            return {Slot.OWNER_NAME: None, Slot.PHONE_LAST4: None, Slot.BIND_RESULT: BindOutcome.LOCKED}
        dispatcher.utter_message(response=Response.BIND_MISMATCH, tries_left=result.tries_left)
        return {Slot.UNIT: None, Slot.OWNER_NAME: None, Slot.PHONE_LAST4: None}


def _on_wechat(tracker: Tracker) -> bool:
    return conversation.is_wechat(conversation_id(tracker))


class ActionBindUnit(OwnerDataAction):
    """Reports the binding: the units now bound (and their balance, if that was the question), the lock, or
    that the web chat cannot bind. Always forgets what was typed to prove identity."""

    def name(self) -> str:
        return A.BIND_UNIT

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        result = tracker.get_slot(Slot.BIND_RESULT)
        reset = forget_binding_answers()
        who = conversation_id(tracker)
        if result == BindOutcome.NOT_WECHAT or not conversation.is_wechat(who):
            dispatcher.utter_message(response=Response.BIND_WECHAT_ONLY)
            return reset
        if result == BindOutcome.LOCKED:
            label = tracker.get_slot(Slot.UNIT)
            lock = services.binding.lock(who, label)
            scope = lock.scope if lock else LockScope.CONVERSATION
            services.handoffs.request(who, HandoffReason.BINDING_LOCKED,
                                      f"binding locked ({scope}) after repeated failed tries; unit {label or '-'}")
            dispatcher.utter_message(response=Response.BIND_LOCKED,
                                     lock_end=local_time(lock.until) if lock else "稍后",
                                     staff_contact=staff_contact_text(services.communities.service_contacts(label)))
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


class ActionForgetBindingAnswers(Action):
    """After binding is abandoned (人工, 算了): the unit, name and phone digits typed so far leave the tracker's
    slots, so they are neither kept nor reused by the next try."""

    def name(self) -> str:
        return A.FORGET_BINDING_ANSWERS

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        return forget_binding_answers()
