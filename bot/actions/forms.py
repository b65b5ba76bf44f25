"""The one way every form treats the owner's replies (``validate_<form>`` actions subclass :class:`AnswerForm`).

Each reply to a form's question is read as the kind of answer asked (bot.domain.answers) and the turn decided by
bot.domain.form_turns, the same for every form:

- an answer of the kind asked is stored (and a correction of an earlier answer replaces it);
- "不知道" / "记不得" leads to the form's own way forward (a ticket for staff to complete, a person, …);
- "算了不报了" ends the form and the closing action says nothing was recorded;
- a question or small talk is answered by its own rule and the form asks again (the form rejects itself, which is
  how Rasa hands a turn to the rules: https://rasa.com/docs/rasa/forms/#writing-stories--rules-for-unhappy-form-paths);
- a new topic stops the form (after the form keeps what it can, e.g. an incomplete ticket) and is handled at once;
- anything else gets a short hint and the question again; the second time, the way forward for "不知道".

Slot mappings carry no intent filters: every reply reaches the validator, which decides from the words first.
"""

from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import loop_started_right_after, times_said_since_asked, today
from bot.domain.answers import Answer, AnswerKind, Reading, read_answer, split_correction
from bot.domain.concerns import without
from bot.domain.form_turns import FormOutcome, Turn, decide_turn
from bot.names import Response, Slot

# After this many replies to one question that are not an answer, the form takes its "不知道" way forward.
MAX_VAGUE_REPLIES = 2


def answer_text(tracker: Tracker) -> str:
    """The latest message without the further concerns written after the answer ("3栋2单元，另外怎么交物业费")."""
    text = (tracker.latest_message or {}).get("text") or ""
    return without(text, [c.get("text", "") for c in tracker.get_slot(Slot.PENDING_CONCERNS) or []])


def this_messages_concerns(tracker: Tracker) -> list[dict[str, Any]] | None:
    """The queued concerns that came with the latest message: when the owner moves on, older ones are dropped
    (they belonged to what the owner left)."""
    message_id = (tracker.latest_message or {}).get("message_id")
    mine = [c for c in tracker.get_slot(Slot.PENDING_CONCERNS) or [] if c.get("message_id") == message_id]
    return mine or None


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


class AnswerForm(FormValidationAction, ABC):
    """Validates a form's replies the shared way. Subclasses say what each slot expects and what their form does
    when the owner does not know, stops, or corrects a record the form just wrote."""

    #: The kind of answer each required slot's question expects.
    kinds: ClassVar[dict[str, AnswerKind]]
    #: What the NLU usually reads a reply to this form as: never taken as a change of subject.
    own_intents: ClassVar[frozenset[str]] = frozenset()
    #: Said before the question is asked again, when a reply is not the kind asked.
    hints: ClassVar[dict[str, Response]] = {}
    #: The form's closing action. A reply to it that corrects the record ("不是，是下周五") reopens the form.
    closing_action: ClassVar[str | None] = None
    #: The slots such a correction may change, tried in order.
    correctable: ClassVar[tuple[str, ...]] = ()
    #: The slot the message that starts the form may answer by itself ("月底交", "3栋电梯又坏了", "分3个月"): read
    #: from it when the message is about the form's own topic, however the form was started (rule, new topic, or
    #: one of several concerns).
    opening_slot: ClassVar[str | None] = None

    # ----------------------------------------------------------------------------------- what subclasses decide

    @abstractmethod
    def name(self) -> str:
        """``validate_<form>`` (abstract, so rasa-sdk does not register this base as an action itself)."""

    def accept(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """The slots to set for an answer of the kind asked (may check it against the records, or fill more)."""
        return {slot: value}

    def up_front(self, text: str, tracker: Tracker) -> dict[str, Any]:
        """Slots the message that starts the form already answers, beyond what the slot mappings found."""
        return {}

    def dont_know(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """The way forward when the owner does not know (or twice gave no usable answer)."""
        return {Slot.FORM_OUTCOME: FormOutcome.DETAILS_UNKNOWN}

    def on_switch(self, intent: str | None, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """The owner moved on to something else: keep what must not be lost (before the form's slots are cleared)."""

    def hint(self, slot: str, text: str) -> Response:
        return self.hints[slot]

    def explain(self, slot: str, text: str) -> tuple[Response, dict[str, Any]] | None:
        """Why words that are this slot's kind of answer still cannot be taken, as a response and its values
        ("这周二" said on a Thursday: that day has gone); None when there is nothing particular to say. Said in
        place of the hint, whenever it applies: the owner is answering, just not with a usable value."""
        return None

    def all_hints(self) -> frozenset[str]:
        return frozenset(self.hints.values())

    def reread(self, slot: str, words: str, tracker: Tracker) -> Answer:
        """Reads a correction of ``slot`` (subclasses may read relative ones, like a new room number)."""
        return read_answer(words, self.kinds[slot], today())

    def refill(self, recorded: dict[str, Any]) -> dict[str, Any]:
        """When reopened to correct a record: the slots to take back from it (the rest is asked again)."""
        return {}

    def corrects(self, slot: str, answer: Answer, text: str, recorded: dict[str, Any]) -> bool:
        """Whether a reply right after the form closed, read as ``answer`` for ``slot``, corrects the record."""
        return True

    # -------------------------------------------------------------------------------------------- the machinery

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        # A decided ending (cancelled, details unknown, nothing to correct) ends the form; its closing action says so.
        return [] if tracker.get_slot(Slot.FORM_OUTCOME) else domain_slots

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        requested = tracker.get_slot(Slot.REQUESTED_SLOT)
        candidates = tracker.slots_to_validate()
        if requested in self.kinds and requested in candidates:
            updates = self._reply(requested, candidates, dispatcher, tracker)
            if isinstance(updates, list):  # the form hands the turn on
                return updates
        elif requested is None:
            updates = self._activation(candidates, dispatcher, tracker)
        else:  # back after a question answered in passing: just ask again
            updates = {}
        events = [SlotSet(slot, value) for slot, value in updates.items()]
        tracker.slots.update(updates)
        if next_slot := await self.next_requested_slot(dispatcher, tracker, domain):
            events.append(next_slot)
        return events

    def _activation(self, candidates: dict[str, Any], dispatcher, tracker) -> dict[str, Any]:
        recorded = tracker.get_slot(Slot.RECORDED) or {}
        if (self.closing_action and recorded.get("form") == self.form_name()
                and loop_started_right_after(tracker, self.form_name(), self.closing_action)
                and (reopened := self._reopened(recorded, dispatcher, tracker)) is not None):
            return reopened
        updates = self._accept_all(candidates, dispatcher, tracker)
        text = answer_text(tracker)
        opening = self.opening_slot
        if (opening and updates.get(opening) is None and tracker.get_slot(opening) is None
                and latest_intent(tracker)[0] in self.own_intents):
            answer = read_answer(text, self.kinds[opening], today())
            if answer.reading is Reading.VALUE:
                updates.update(self.accept(opening, answer.value, dispatcher, tracker))
            elif explained := self.explain(opening, text):
                dispatcher.utter_message(response=explained[0], **explained[1])
        for slot, value in self.up_front(text, tracker).items():
            if updates.get(slot) is None and tracker.get_slot(slot) is None:
                updates[slot] = value
        return updates

    def _accept_all(self, candidates: dict[str, Any], dispatcher, tracker) -> dict[str, Any]:
        """Reads each slot the mappings filled; what is not the kind asked is dropped (and asked for later)."""
        updates: dict[str, Any] = {}
        for slot, raw in candidates.items():
            if slot not in self.kinds or raw is None:
                continue
            answer = read_answer(str(raw), self.kinds[slot], today())
            if answer.reading is Reading.VALUE:
                updates.update(self.accept(slot, answer.value, dispatcher, tracker))
                tracker.slots.update(updates)
            else:
                updates.setdefault(slot, None)
        return updates

    def _reopened(self, recorded: dict[str, Any], dispatcher, tracker) -> dict[str, Any] | None:
        """The owner's reply right after the form closed: a correction changes the record; a fresh start of the
        form's own topic is handled as one (None); anything else keeps the record as it is."""
        text = answer_text(tracker)
        updates = {slot: None for slot in self.kinds} | self.refill(recorded)
        before = dict(tracker.slots)
        tracker.slots.update(updates)
        for slot in self.correctable:
            answer = self.reread(slot, text, tracker)
            if answer.reading is Reading.VALUE and self.corrects(slot, answer, text, recorded):
                return {**updates, **self.accept(slot, answer.value, dispatcher, tracker)}
        corrected, words = split_correction(text)
        if corrected and not words:
            return {**updates, self.correctable[0]: None}  # "不对": ask again, then correct
        if corrected and (explained := self.explain(self.correctable[0], words)):
            # "不是，是上周三": a correction, but not one that can be taken; say why, and ask again.
            dispatcher.utter_message(response=explained[0], **explained[1])
            return {**updates, self.correctable[0]: None}
        if latest_intent(tracker)[0] in self.own_intents:
            tracker.slots.clear()
            tracker.slots.update(before)
            return None
        return {**updates, Slot.FORM_OUTCOME: FormOutcome.KEPT}

    def _reply(self, slot: str, candidates: dict[str, Any], dispatcher, tracker) -> dict[str, Any] | list[EventType]:
        text = answer_text(tracker)
        answer = read_answer(text, self.kinds[slot], today())
        intent, confidence = latest_intent(tracker)
        turn = decide_turn(answer, self.kinds[slot], intent, confidence, self.own_intents,
                           bool(tracker.get_slot(Slot.VERIFIED)), text)
        if turn is Turn.FILL:
            others = {k: v for k, v in candidates.items() if k != slot}
            updates = self._accept_all(others, dispatcher, tracker)
            return {**updates, **self.accept(slot, answer.value, dispatcher, tracker)}
        if turn is Turn.ASIDE:
            return [SlotSet(slot, None), ActionExecutionRejected(self.form_name())]
        if turn is Turn.SWITCH:
            tracker.slots[slot] = None  # the reply was about something else, not this answer
            self.on_switch(intent, dispatcher, tracker)
            cleared = [*self.kinds, Slot.FORM_OUTCOME, Slot.REQUESTED_SLOT]
            still = SlotSet(Slot.PENDING_CONCERNS, this_messages_concerns(tracker))
            return [*(SlotSet(s, None) for s in cleared), still, ActiveLoop(None),
                    ActionExecutionRejected(self.form_name())]
        if turn is Turn.CANCEL:
            return {slot: None, Slot.FORM_OUTCOME: FormOutcome.CANCELLED}
        if turn is Turn.VAGUE:
            if answer.corrected and (updates := self._correct_earlier(slot, text, dispatcher, tracker)):
                return {**updates, slot: None}
            if explained := self.explain(slot, text):
                dispatcher.utter_message(response=explained[0], **explained[1])
                return {slot: None}
            hint = self.hint(slot, text)
            if times_said_since_asked(tracker, slot, self.all_hints()) + 1 < MAX_VAGUE_REPLIES:
                dispatcher.utter_message(response=hint)
                return {slot: None}
        return {slot: None, **self.dont_know(slot, dispatcher, tracker)}

    def _correct_earlier(self, slot: str, text: str, dispatcher, tracker) -> dict[str, Any] | None:
        """"不对，是1503" while the bot asks for the name: the unit just confirmed changes, and the bot says so."""
        _, words = split_correction(text)
        order = list(self.kinds)
        for earlier in reversed(order[:order.index(slot)]):
            if tracker.get_slot(earlier) is None:
                continue
            answer = self.reread(earlier, words, tracker)
            if answer.reading is Reading.VALUE:
                updates = self.accept(earlier, answer.value, dispatcher, tracker)
                if updates.get(earlier) is not None:
                    dispatcher.utter_message(response=Response.VALUE_CORRECTED, value=str(updates[earlier]))
                return updates
        return None
