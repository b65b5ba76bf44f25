"""Concrete problems: what is wrong, which kind, and where; then a ticket with a number, a department and an SLA.

Nothing the owner reported is lost: a report whose location the owner does not know, or that the owner leaves for
another topic, becomes a ticket flagged for staff to complete. Only "算了不报了" discards it, and the bot says so.
"""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import container
from bot.actions.base import OwnerDataAction, conversation_id, ended_without_record, loop_started_right_after
from bot.actions.forms import AnswerForm
from bot.actions.grievance_records import file_report, keep_unfinished_report
from bot.db.models import HandoffReason, IncompleteReason
from bot.domain.answers import Answer, AnswerKind, place_in_report
from bot.domain.form_turns import FormOutcome
from bot.domain.grievance_rules import BY_KEY, OTHER, categorise
from bot.domain.grievances import describes_a_problem
from bot.domain.identity import may_view_statement
from bot.names import Action as A
from bot.names import Form, Intent, Response, Slot
from bot.render.dates import duration_text
from bot.render.tickets import tickets_text

REPORT_SLOTS = (Slot.GRIEVANCE_DESCRIPTION, Slot.GRIEVANCE_CATEGORY, Slot.GRIEVANCE_LOCATION)


class ValidateGrievanceForm(AnswerForm):
    kinds = {Slot.GRIEVANCE_DESCRIPTION: AnswerKind.DESCRIPTION, Slot.GRIEVANCE_CATEGORY: AnswerKind.CATEGORY,
             Slot.GRIEVANCE_LOCATION: AnswerKind.PLACE}
    own_intents = frozenset({Intent.REPORT_ISSUE, Intent.COMPLAIN_FEE})
    hints = {Slot.GRIEVANCE_DESCRIPTION: Response.GRIEVANCE_DESCRIPTION_HINT,
             Slot.GRIEVANCE_CATEGORY: Response.GRIEVANCE_CATEGORY_INVALID,
             Slot.GRIEVANCE_LOCATION: Response.GRIEVANCE_LOCATION_HINT}
    closing_action = A.SUBMIT_GRIEVANCE
    correctable = (Slot.GRIEVANCE_LOCATION, Slot.GRIEVANCE_CATEGORY)
    opening_slot = Slot.GRIEVANCE_DESCRIPTION

    def name(self) -> str:
        return A.VALIDATE_GRIEVANCE_FORM

    def accept(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        if slot != Slot.GRIEVANCE_DESCRIPTION:
            return {slot: value}
        result: dict[str, Any] = {Slot.GRIEVANCE_DESCRIPTION: value}
        if tracker.get_slot(Slot.GRIEVANCE_CATEGORY) is None and (category := categorise(value)) is not OTHER:
            result[Slot.GRIEVANCE_CATEGORY] = category.key  # "电梯又坏了" needs no menu
        if tracker.get_slot(Slot.GRIEVANCE_LOCATION) is None and (place := place_in_report(value)):
            result[Slot.GRIEVANCE_LOCATION] = place  # "3栋2单元的电梯坏了" already says where
        return result

    def dont_know(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        if slot == Slot.GRIEVANCE_CATEGORY:
            return {Slot.GRIEVANCE_CATEGORY: OTHER.key}  # staff sort it; the location is still worth asking
        return {Slot.FORM_OUTCOME: FormOutcome.DETAILS_UNKNOWN}

    def on_switch(self, intent: str | None, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        reason = (IncompleteReason.OWNER_ASKED_FOR_PERSON if intent == Intent.REQUEST_HUMAN
                  else IncompleteReason.OWNER_STOPPED_ANSWERING)
        slots = {slot: tracker.get_slot(slot) for slot in REPORT_SLOTS}
        keep_unfinished_report(container.get(), conversation_id(tracker), slots, reason, dispatcher,
                               Response.GRIEVANCE_KEPT_INCOMPLETE)

    def refill(self, recorded: dict[str, Any]) -> dict[str, Any]:
        values = recorded.get("values") or {}
        return {slot: values.get(slot) for slot in REPORT_SLOTS}

    def corrects(self, slot: str, answer: Answer, text: str, recorded: dict[str, Any]) -> bool:
        # "不对，是5栋" corrects; so does "就是3栋那个电梯" when the ticket still lacks a place. "楼道灯也坏了" is a
        # new report, not the place of the last one.
        missing_place = not (recorded.get("values") or {}).get(Slot.GRIEVANCE_LOCATION)
        return answer.corrected or (slot == Slot.GRIEVANCE_LOCATION and missing_place
                                    and not describes_a_problem(text))


class ActionSubmitGrievance(OwnerDataAction):
    """Creates the ticket (flagged for staff when the owner did not know where), routed to its department with an
    SLA, and tells the owner its number; or corrects the ticket just created; or says nothing was recorded."""

    def name(self) -> str:
        return A.SUBMIT_GRIEVANCE

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        who = conversation_id(tracker)
        outcome = tracker.get_slot(Slot.FORM_OUTCOME)
        slots = {slot: tracker.get_slot(slot) for slot in REPORT_SLOTS}
        reset = [SlotSet(slot, None) for slot in (*REPORT_SLOTS, Slot.FORM_OUTCOME)]
        if ended_without_record(dispatcher, tracker, cancelled=Response.GRIEVANCE_CANCELLED):
            return reset
        description = slots[Slot.GRIEVANCE_DESCRIPTION]
        if not description:  # "我要投诉" and then "说不清": a person listens better than a form
            services.handoffs.request(who, HandoffReason.GRIEVANCE_UNCLEAR, "owner could not describe the problem")
            dispatcher.utter_message(response=Response.GRIEVANCE_TO_STAFF)
            return reset
        recorded = tracker.get_slot(Slot.RECORDED) or {}
        if loop_started_right_after(tracker, Form.GRIEVANCE, A.SUBMIT_GRIEVANCE) and recorded.get("ids"):
            ticket = services.grievances.correct(who, recorded["ids"][0], slots[Slot.GRIEVANCE_LOCATION],
                                                 slots[Slot.GRIEVANCE_CATEGORY])
            if ticket is not None:
                dispatcher.utter_message(response=Response.GRIEVANCE_TICKET_CORRECTED, ticket_no=ticket.ticket_no,
                                         category=ticket.category_name, location=ticket.location or "未说明",
                                         department=ticket.department)
                return [*reset, SlotSet(Slot.RECORDED, _record(ticket.ticket_no, slots))]
        incomplete = IncompleteReason.OWNER_DID_NOT_KNOW if outcome == FormOutcome.DETAILS_UNKNOWN else None
        location = slots[Slot.GRIEVANCE_LOCATION] or ""
        ticket, unit = file_report(services, who, description, slots[Slot.GRIEVANCE_CATEGORY], location, incomplete)
        channels = services.communities.channels(unit.community_id) if unit else None
        dispatcher.utter_message(
            response=Response.GRIEVANCE_TICKET_NEEDS_LOCATION if incomplete else Response.GRIEVANCE_TICKET_CREATED,
            ticket_no=ticket.ticket_no, description=ticket.description, category=ticket.category_name,
            location=ticket.location or "未说明", department=ticket.department,
            sla_text=duration_text(ticket.sla_due_at - ticket.created_at),
            emergency_phone=(channels.emergency_phone if channels and channels.emergency_phone else "物业服务中心"))
        if unit is not None and may_view_statement(unit.role) and BY_KEY[ticket.category_key].about_service:
            dispatcher.utter_message(response=Response.GRIEVANCE_REMINDERS_PAUSED)
        return [*reset, SlotSet(Slot.RECORDED, _record(ticket.ticket_no, slots))]


def _record(ticket_no: str, slots: dict[str, Any]) -> dict[str, Any]:
    """What the form just wrote, so that a correction in the owner's next message changes the same ticket."""
    return {"form": Form.GRIEVANCE.value, "ids": [ticket_no], "values": {str(k): v for k, v in slots.items()}}


class ActionCheckTicketStatus(OwnerDataAction):
    """The asker's latest tickets: those they reported, or reported for units they are bound to."""

    def name(self) -> str:
        return A.CHECK_TICKET_STATUS

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        who = conversation_id(tracker)
        units = services.binding.bound_units(who)
        tickets = services.grievances.tickets_for(who, [u.unit_id for u in units])
        if not tickets:
            dispatcher.utter_message(response=Response.NO_TICKETS)
        else:
            dispatcher.utter_message(response=Response.TICKET_STATUS, tickets_text=tickets_text(tickets))
        return []
