"""Hardship: how many months the owner needs, then a request recorded for staff approval. An owner who cannot say
how many months is put through to a person; a correction right after ("不对，分6个月") changes the same request."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.actions.base import (
    OwnerDataAction,
    conversation_id,
    ended_without_record,
    loop_started_right_after,
    units_text,
)
from bot.actions.forms import AnswerForm
from bot.db.models import HandoffReason
from bot.domain.answers import AnswerKind
from bot.domain.form_turns import FormOutcome
from bot.domain.money import format_fen
from bot.names import Action as A
from bot.names import Form, Intent, Response, Slot


class ValidatePaymentPlanForm(AnswerForm):
    kinds = {Slot.PLAN_MONTHS: AnswerKind.MONTH_COUNT}
    own_intents = frozenset({Intent.REQUEST_PAYMENT_PLAN})
    hints = {Slot.PLAN_MONTHS: Response.PLAN_MONTHS_INVALID}
    closing_action = A.SUBMIT_PAYMENT_PLAN
    correctable = (Slot.PLAN_MONTHS,)
    opening_slot = Slot.PLAN_MONTHS

    def name(self) -> str:
        return A.VALIDATE_PAYMENT_PLAN_FORM


class ActionSubmitPaymentPlan(OwnerDataAction):
    """Records the request (months, amount owed, the owner's own words as the reason) for staff approval.
    Before binding, or when the owner cannot say how long, the request goes to a person instead, so nothing the
    owner said is lost."""

    def name(self) -> str:
        return A.SUBMIT_PAYMENT_PLAN

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        outcome = tracker.get_slot(Slot.FORM_OUTCOME)
        reset = [SlotSet(Slot.PLAN_MONTHS, None), SlotSet(Slot.FORM_OUTCOME, None)]
        who = conversation_id(tracker)
        reason = plan_reason(tracker)
        if ended_without_record(dispatcher, tracker, cancelled=Response.PAYMENT_PLAN_CANCELLED):
            return reset
        if outcome == FormOutcome.DETAILS_UNKNOWN:
            services.handoffs.request(who, HandoffReason.PAYMENT_PLAN, f"月数未定；{reason}")
            dispatcher.utter_message(response=Response.PAYMENT_PLAN_TO_STAFF_UNDECIDED)
            return reset
        months = tracker.get_slot(Slot.PLAN_MONTHS)
        owned = services.binding.owned_units(who)
        recorded = tracker.get_slot(Slot.RECORDED) or {}
        if not owned:
            services.handoffs.request(who, HandoffReason.PAYMENT_PLAN, f"{months}个月；{reason}")
            dispatcher.utter_message(response=Response.PAYMENT_PLAN_TO_STAFF, plan_months=months)
            return [*reset, SlotSet(Slot.RECORDED, _record([], months))]
        if loop_started_right_after(tracker, Form.PAYMENT_PLAN, A.SUBMIT_PAYMENT_PLAN) and recorded.get("ids"):
            services.arrears.correct_plan(who, [u.unit_id for u in owned], recorded["ids"], months)
            dispatcher.utter_message(response=Response.PAYMENT_PLAN_CORRECTED, plan_months=months)
            return [*reset, SlotSet(Slot.RECORDED, {**recorded, "value": months})]
        statements = services.balances.statements(who, [u.unit_id for u in owned])
        owing = [s for s in statements if s.statement.outstanding_fen > 0] or statements
        ids = [services.arrears.request_plan(who, item.unit, months, item.statement.outstanding_fen, reason)
               for item in owing]
        total = sum(s.statement.outstanding_fen for s in owing)
        dispatcher.utter_message(response=Response.PAYMENT_PLAN_RECORDED, plan_months=months,
                                 amount=format_fen(total), unit_list=units_text([s.unit for s in owing]))
        return [*reset, SlotSet(Slot.RECORDED, _record(ids, months))]


def _record(ids: list[int], months: int) -> dict[str, Any]:
    return {"form": Form.PAYMENT_PLAN.value, "ids": ids, "value": months}


def plan_reason(tracker: Tracker) -> str:
    """The owner's own words from the message that started the request ("最近失业了，能分几个月吗")."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == Intent.REQUEST_PAYMENT_PLAN:
                return (event.get("text") or "")[:500]
    return ""
