"""Promises to pay: understand the date (Asia/Shanghai), record it, confirm it back with its weekday; a correction
in the owner's next message ("不是，是下周五") changes the same promise."""

import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import (
    OwnerDataAction,
    conversation_id,
    ended_without_record,
    loop_started_right_after,
    today,
    units_text,
)
from bot.actions.forms import AnswerForm
from bot.domain.answers import AnswerKind, split_correction
from bot.domain.dates import DateOutcome, describe_date, read_promise_date
from bot.domain.form_turns import FormOutcome
from bot.names import Action as A
from bot.names import Form, Intent, Response, Slot

# "等发了工资就交": the owner has a day in mind, just not its date.
_PAYDAY = re.compile(r"工资|发薪|发钱|奖金|年终")


class ValidatePromiseForm(AnswerForm):
    kinds = {Slot.PROMISE_DATE: AnswerKind.DATE}
    own_intents = frozenset({Intent.PROMISE_TO_PAY})
    hints = {Slot.PROMISE_DATE: Response.PROMISE_DATE_INVALID}
    closing_action = A.CONFIRM_PROMISE
    correctable = (Slot.PROMISE_DATE,)
    opening_slot = Slot.PROMISE_DATE

    def name(self) -> str:
        return A.VALIDATE_PROMISE_FORM

    def accept(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        return {Slot.PROMISE_DATE: value.isoformat()}

    def hint(self, slot: str, text: str) -> Response:
        return Response.PROMISE_ASK_PAYDAY if _PAYDAY.search(text) else Response.PROMISE_DATE_INVALID

    def explain(self, slot: str, text: str) -> tuple[Response, dict[str, Any]] | None:
        # A day that has gone ("这周二" on a Thursday, "昨天") or one too far off to hold anyone to (over half a
        # year): the owner is told which day was understood, and asked again.
        on = today()
        reading = read_promise_date(split_correction(text)[1], on)
        said = describe_date(reading.day, on) if reading.day else "您说的那天"
        if reading.outcome is DateOutcome.PAST:
            return Response.PROMISE_DATE_PAST, {"promise_text": said}
        if reading.outcome is DateOutcome.TOO_FAR:
            return Response.PROMISE_DATE_TOO_FAR, {"promise_text": said}
        return None

    def all_hints(self) -> frozenset[str]:
        return frozenset({Response.PROMISE_DATE_INVALID, Response.PROMISE_ASK_PAYDAY, Response.PROMISE_DATE_PAST,
                          Response.PROMISE_DATE_TOO_FAR})


class ActionConfirmPromise(OwnerDataAction):
    """Records the promise against each unit the owner owns that has something to pay (reminders pause until
    the day after), and says the date back with its weekday. Right after that, a correction changes the same
    records instead of adding new ones."""

    def name(self) -> str:
        return A.CONFIRM_PROMISE

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        reset = [SlotSet(Slot.PROMISE_DATE, None), SlotSet(Slot.FORM_OUTCOME, None)]
        if ended_without_record(dispatcher, tracker, cancelled=Response.PROMISE_CANCELLED):
            return reset
        if tracker.get_slot(Slot.FORM_OUTCOME) == FormOutcome.DETAILS_UNKNOWN:
            dispatcher.utter_message(response=Response.PROMISE_NO_DATE)
            return reset
        promised = date.fromisoformat(tracker.get_slot(Slot.PROMISE_DATE))
        promise_text = describe_date(promised, today())
        who = conversation_id(tracker)
        owned = services.binding.owned_units(who)
        recorded = tracker.get_slot(Slot.RECORDED) or {}
        correcting = loop_started_right_after(tracker, Form.PROMISE, A.CONFIRM_PROMISE) and "ids" in recorded
        if not owned:
            dispatcher.utter_message(response=Response.PROMISE_UNBOUND, promise_text=promise_text)
            return [*reset, SlotSet(Slot.RECORDED, _record([], promised))]
        if correcting and recorded["ids"]:
            services.arrears.correct_promise(who, [u.unit_id for u in owned], recorded["ids"], promised)
            units = [u for u in owned if u.unit_id in set(recorded.get("unit_ids") or [])] or owned
            dispatcher.utter_message(response=Response.PROMISE_CORRECTED, promise_text=promise_text,
                                     unit_list=units_text(units))
            return [*reset, SlotSet(Slot.RECORDED, {**recorded, "value": promised.isoformat()})]
        owing = [s.unit for s in services.balances.statements(who, [u.unit_id for u in owned])
                 if s.statement.outstanding_fen > 0] or owned
        ids = [services.arrears.record_promise(who, unit, promised) for unit in owing]
        dispatcher.utter_message(response=Response.PROMISE_RECORDED, promise_text=promise_text,
                                 unit_list=units_text(owing))
        return [*reset, SlotSet(Slot.RECORDED, _record(ids, promised, [u.unit_id for u in owing]))]


def _record(ids: list[int], promised: date, unit_ids: list[int] | None = None) -> dict[str, Any]:
    return {"form": Form.PROMISE.value, "ids": ids, "unit_ids": unit_ids or [], "value": promised.isoformat()}
