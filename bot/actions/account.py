"""Binding this WeChat account to units on record: unit, then name, then the phone's last four digits.

The check runs once all three are in (in the validator), so a mismatch can restart the form from the unit at
once. A failure never says which part was wrong; three in a row lock binding for 30 minutes, for the
conversation and for the unit label (whoever tries it). Only a real answer is ever checked: "我不记得登记的名字了"
counts no attempt and offers a person or the front desk instead. Only WeChat conversations bind: the web chat is
told that binding happens in the WeChat account. However binding ends — bound, locked, refused, cancelled, "不记得",
or left for another topic — the unit, name and phone digits leave the slots.
"""

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import container
from bot.actions.balance import tell_statements
from bot.actions.base import OwnerDataAction, conversation_id, ended_without_record, loop_started_by, today, units_text
from bot.actions.forms import AnswerForm
from bot.db.models import HandoffReason
from bot.domain import conversation
from bot.domain.answers import Answer, AnswerKind, Reading, read_answer
from bot.domain.form_turns import FormOutcome
from bot.domain.identity import LockScope
from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Form, Intent, Response, Slot
from bot.render.community import staff_contact_text
from bot.render.dates import local_time
from bot.services.binding import BindOutcome

# Slots that hold what the person typed to prove who they are: cleared whenever binding ends.
BINDING_ANSWERS = (Slot.UNIT, Slot.OWNER_NAME, Slot.PHONE_LAST4)
# "尾号5678" / "手机后四位5678" in the message that starts binding.
_LAST4_UP_FRONT = re.compile(r"(?:尾号|后四位|后4位)\D{0,3}(\d{4})(?!\d)")
_ROOM_ONLY = re.compile(r"^(\d{3,4})(?:室|号)?$")


def forget_binding_answers() -> dict[str, Any]:
    """The slots to clear when binding ends, however it ends: what was typed, the result, how the form ended."""
    return {str(slot): None for slot in (*BINDING_ANSWERS, Slot.BIND_RESULT, Slot.FORM_OUTCOME)}


class ValidateBindUnitForm(AnswerForm):
    kinds = {Slot.UNIT: AnswerKind.UNIT, Slot.OWNER_NAME: AnswerKind.PERSON_NAME,
             Slot.PHONE_LAST4: AnswerKind.FOUR_DIGITS}
    # A balance question during binding is the reason for binding, not a new topic.
    own_intents = frozenset({Intent.BIND_UNIT, Intent.ASK_BALANCE})
    hints = {Slot.UNIT: Response.UNIT_INVALID, Slot.OWNER_NAME: Response.OWNER_NAME_INVALID,
             Slot.PHONE_LAST4: Response.PHONE_LAST4_INVALID}

    def name(self) -> str:
        return A.VALIDATE_BIND_UNIT_FORM

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        # A decided result (bound, locked, or a way forward offered) ends the form; action_bind_unit reports it.
        if tracker.get_slot(Slot.BIND_RESULT) or tracker.get_slot(Slot.FORM_OUTCOME):
            return []
        return domain_slots

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if not _on_wechat(tracker):
            # Nothing is asked and nothing the person typed is kept: the form ends at once.
            return [*(SlotSet(slot, value) for slot, value in forget_binding_answers().items()),
                    SlotSet(Slot.BIND_RESULT, BindOutcome.NOT_WECHAT), SlotSet(Slot.REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    def accept(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        who = conversation_id(tracker)
        if slot == Slot.UNIT and container.get().binding.lock(who, value):
            # Locked for this conversation or for this unit label: nothing more is asked. The label stays until
            # action_bind_unit, which names the service centre to call (and then clears it).
            return {Slot.UNIT: value, Slot.OWNER_NAME: None, Slot.PHONE_LAST4: None,
                    Slot.BIND_RESULT: BindOutcome.LOCKED}
        details = {s: tracker.get_slot(s) for s in BINDING_ANSWERS} | {slot: value}
        if any(details[s] is None for s in BINDING_ANSWERS):
            return {slot: value}  # checked once unit, name and digits are all in
        result = container.get().binding.bind(who, details[Slot.UNIT], details[Slot.OWNER_NAME],
                                              details[Slot.PHONE_LAST4])
        # Name and digits leave the slots as soon as they have been checked, whatever the result.
        if result.outcome in (BindOutcome.BOUND, BindOutcome.ALREADY_BOUND):
            return {Slot.UNIT: details[Slot.UNIT], Slot.OWNER_NAME: None, Slot.PHONE_LAST4: None,
                    Slot.BIND_RESULT: result.outcome, Slot.VERIFIED: True}
        if result.outcome in (BindOutcome.LOCKED, BindOutcome.NOT_WECHAT):
            return {Slot.UNIT: details[Slot.UNIT], Slot.OWNER_NAME: None, Slot.PHONE_LAST4: None,
                    Slot.BIND_RESULT: result.outcome}
        dispatcher.utter_message(response=Response.BIND_MISMATCH, tries_left=result.tries_left)
        return {s: None for s in BINDING_ANSWERS}

    def up_front(self, text: str, tracker: Tracker) -> dict[str, Any]:
        found = _LAST4_UP_FRONT.search(text)
        return {Slot.PHONE_LAST4: found.group(1)} if found else {}

    def reread(self, slot: str, words: str, tracker: Tracker) -> Answer:
        # "不对，是1503" corrects only the room of the unit just confirmed.
        current = tracker.get_slot(Slot.UNIT)
        if slot == Slot.UNIT and current and (room := _ROOM_ONLY.match(words.strip())):
            return Answer(Reading.VALUE, normalize_unit(re.sub(r"\d{3,4}$", room.group(1), current)), True)
        return read_answer(words, self.kinds[slot], today())


def _on_wechat(tracker: Tracker) -> bool:
    return conversation.is_wechat(conversation_id(tracker))


class ActionBindUnit(OwnerDataAction):
    """Reports the binding: the units now bound (and their balance, if that was the question), the lock, that the
    web chat cannot bind, or — when the owner did not know a detail or stopped — the other ways to be identified.
    Always forgets what was typed to prove identity."""

    def name(self) -> str:
        return A.BIND_UNIT

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        result = tracker.get_slot(Slot.BIND_RESULT)
        reset = [SlotSet(slot, value) for slot, value in forget_binding_answers().items()]
        who = conversation_id(tracker)
        if result == BindOutcome.NOT_WECHAT or not conversation.is_wechat(who):
            dispatcher.utter_message(response=Response.BIND_WECHAT_ONLY)
            return reset
        if ended_without_record(dispatcher, tracker, cancelled=Response.BIND_CANCELLED):
            return reset
        if tracker.get_slot(Slot.FORM_OUTCOME) == FormOutcome.DETAILS_UNKNOWN:
            dispatcher.utter_message(response=Response.BIND_OTHER_WAYS)
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

