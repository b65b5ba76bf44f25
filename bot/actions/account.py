"""Binding this WeChat account to units on record: unit, then name, then the phone's last four digits.

The check runs once all three are in (in the validator), so a mismatch can restart the form from the unit at
once. A failure never says which part was wrong; three in a row lock binding for 30 minutes. Only a real answer
is ever checked: "我不记得登记的名字了" counts no attempt and offers a person or the front desk instead.
"""

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import container
from bot.actions.balance import tell_statements
from bot.actions.base import OwnerDataAction, ended_without_record, loop_started_by, openid, today, units_text
from bot.actions.forms import AnswerForm
from bot.domain.answers import Answer, AnswerKind, Reading, read_answer
from bot.domain.form_turns import FormOutcome
from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Form, Intent, Response, Slot
from bot.render.dates import local_time
from bot.services.binding import BindOutcome

LOCKED = "locked"
BIND_SLOTS = (Slot.UNIT, Slot.OWNER_NAME, Slot.PHONE_LAST4)
# "尾号5678" / "手机后四位5678" in the message that starts binding.
_LAST4_UP_FRONT = re.compile(r"(?:尾号|后四位|后4位)\D{0,3}(\d{4})(?!\d)")
_ROOM_ONLY = re.compile(r"^(\d{3,4})(?:室|号)?$")


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

    def accept(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        if slot == Slot.UNIT and container.get().binding.lock_ends(openid(tracker)):
            return {Slot.UNIT: None, Slot.BIND_RESULT: LOCKED}
        details = {s: tracker.get_slot(s) for s in BIND_SLOTS} | {slot: value}
        if any(details[s] is None for s in BIND_SLOTS):
            return {slot: value}  # checked once unit, name and digits are all in
        result = container.get().binding.bind(openid(tracker), details[Slot.UNIT], details[Slot.OWNER_NAME],
                                              details[Slot.PHONE_LAST4])
        if result.outcome in (BindOutcome.BOUND, BindOutcome.ALREADY_BOUND):
            return {slot: value, Slot.BIND_RESULT: str(result.outcome), Slot.VERIFIED: True}
        if result.outcome is BindOutcome.LOCKED:
            return {slot: None, Slot.BIND_RESULT: LOCKED}
        dispatcher.utter_message(response=Response.BIND_MISMATCH, tries_left=result.tries_left)
        return {s: None for s in BIND_SLOTS}

    def up_front(self, text: str, tracker: Tracker) -> dict[str, Any]:
        found = _LAST4_UP_FRONT.search(text)
        return {Slot.PHONE_LAST4: found.group(1)} if found else {}

    def reread(self, slot: str, words: str, tracker: Tracker) -> Answer:
        # "不对，是1503" corrects only the room of the unit just confirmed.
        current = tracker.get_slot(Slot.UNIT)
        if slot == Slot.UNIT and current and (room := _ROOM_ONLY.match(words.strip())):
            return Answer(Reading.VALUE, normalize_unit(re.sub(r"\d{3,4}$", room.group(1), current)), True)
        return read_answer(words, self.kinds[slot], today())


class ActionBindUnit(OwnerDataAction):
    """Reports the binding: the units now bound (and their balance, if that was the question), the lock, or — when
    the owner did not know a detail or stopped — the other ways to be identified."""

    def name(self) -> str:
        return A.BIND_UNIT

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        result = tracker.get_slot(Slot.BIND_RESULT)
        outcome = tracker.get_slot(Slot.FORM_OUTCOME)
        reset = [SlotSet(slot, None) for slot in (Slot.BIND_RESULT, Slot.FORM_OUTCOME, *BIND_SLOTS)]
        who = openid(tracker)
        if ended_without_record(dispatcher, tracker, cancelled=Response.BIND_CANCELLED):
            return reset
        if outcome == FormOutcome.DETAILS_UNKNOWN:
            dispatcher.utter_message(response=Response.BIND_OTHER_WAYS)
            return reset
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
