"""Concrete problems: what is wrong, which kind, and where; then a ticket with a number, a department and an SLA."""

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import OwnerDataAction, conversation_id, is_activation
from bot.actions.fees import home_unit
from bot.domain.grievance_rules import BY_KEY, OTHER, categorise, category_from_answer
from bot.domain.grievances import clip_description, is_usable_description
from bot.domain.identity import may_view_statement
from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Response, Slot
from bot.render.dates import duration_text
from bot.render.tickets import tickets_text


class ValidateGrievanceForm(FormValidationAction):
    def name(self) -> str:
        return A.VALIDATE_GRIEVANCE_FORM

    def validate_grievance_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "")
        if not is_usable_description(text):
            # "我要报修" announces a report without saying what is wrong: ask, without scolding.
            return {Slot.GRIEVANCE_DESCRIPTION: None}
        result: dict[str, Any] = {Slot.GRIEVANCE_DESCRIPTION: clip_description(text)}
        if (category := categorise(text)) is not OTHER:
            result[Slot.GRIEVANCE_CATEGORY] = category.key  # "电梯又坏了" needs no menu
        if is_activation(tracker) and (unit := normalize_unit(text)):
            # "3栋2单元1502楼上漏水" already says where.
            result[Slot.GRIEVANCE_LOCATION] = unit
        return result

    def validate_grievance_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        category = category_from_answer(str(value or ""))
        if category is None:
            dispatcher.utter_message(response=Response.GRIEVANCE_CATEGORY_INVALID)
            return {Slot.GRIEVANCE_CATEGORY: None}
        return {Slot.GRIEVANCE_CATEGORY: category.key}

    def validate_grievance_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = str(value or "").strip()
        if not text:
            return {Slot.GRIEVANCE_LOCATION: None}
        return {Slot.GRIEVANCE_LOCATION: normalize_unit(text) or clip_description(text)}


class ActionSubmitGrievance(OwnerDataAction):
    """Creates the ticket, routed to its department with an SLA, and tells the owner its number."""

    def name(self) -> str:
        return A.SUBMIT_GRIEVANCE

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        who = conversation_id(tracker)
        description = tracker.get_slot(Slot.GRIEVANCE_DESCRIPTION)
        location = tracker.get_slot(Slot.GRIEVANCE_LOCATION) or ""
        units = services.binding.bound_units(who)
        # The unit the report is about: the bound unit named as the location, else the owner's home unit.
        unit = next((u for u in units if u.label == normalize_unit(location)), None) or home_unit(units)
        ticket = services.grievances.create(who, description, location, tracker.get_slot(Slot.GRIEVANCE_CATEGORY),
                                            unit)
        channels = services.communities.channels(unit.community_id) if unit else None
        dispatcher.utter_message(
            response=Response.GRIEVANCE_TICKET_CREATED, ticket_no=ticket.ticket_no, description=ticket.description,
            category=ticket.category_name, location=ticket.location or "未说明", department=ticket.department,
            sla_text=duration_text(ticket.sla_due_at - ticket.created_at),
            emergency_phone=(channels.emergency_phone if channels and channels.emergency_phone else "物业服务中心"))
        if unit is not None and may_view_statement(unit.role) and BY_KEY[ticket.category_key].about_service:
            dispatcher.utter_message(response=Response.GRIEVANCE_REMINDERS_PAUSED)
        return [SlotSet(Slot.GRIEVANCE_DESCRIPTION, None), SlotSet(Slot.GRIEVANCE_CATEGORY, None),
                SlotSet(Slot.GRIEVANCE_LOCATION, None)]


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
