"""Writing a report down from what the conversation holds: shared by the grievance form (a finished or unfinished
report) and the session start (a report left half-way in an earlier session). Not an action module: it holds no
Action, so rasa-sdk registers nothing here."""

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from bot.container import Container
from bot.db.models import IncompleteReason
from bot.domain.units import normalize_unit
from bot.names import Form, Response, Slot
from bot.render.dates import duration_text
from bot.services.binding import BoundUnit, home_unit
from bot.services.grievances import Ticket


def report_unit(units: list[BoundUnit], location: str) -> BoundUnit | None:
    """The unit a report is about: the bound unit named as its location, else the owner's home unit."""
    return next((u for u in units if u.label == normalize_unit(location or "")), None) or home_unit(units)


def file_report(services: Container, who: str, description: str, category_key: str | None, location: str,
                incomplete: IncompleteReason | None = None) -> tuple[Ticket, BoundUnit | None]:
    units = services.binding.bound_units(who)
    unit = report_unit(units, location)
    return services.grievances.create(who, description, location, category_key, unit, incomplete), unit


def keep_unfinished_report(services: Container, who: str, slots: dict[str, Any], reason: IncompleteReason,
                           dispatcher: CollectingDispatcher, response: Response) -> Ticket | None:
    """A report the owner left before every detail was in becomes a ticket flagged for staff to complete, and the
    owner is told its number. None when nothing concrete was reported yet ("我要报修" and no more)."""
    description = slots.get(Slot.GRIEVANCE_DESCRIPTION)
    if not description:
        return None
    location = slots.get(Slot.GRIEVANCE_LOCATION) or ""
    ticket, _ = file_report(services, who, description, slots.get(Slot.GRIEVANCE_CATEGORY), location, reason)
    dispatcher.utter_message(response=response, description=ticket.description, ticket_no=ticket.ticket_no,
                             department=ticket.department,
                             sla_text=duration_text(ticket.sla_due_at - ticket.created_at))
    return ticket


def unfinished_report_slots(slots: dict[str, Any], active_loop: str | None) -> dict[str, Any] | None:
    """The report held by a conversation whose grievance form was still waiting for an answer, else None."""
    if active_loop != Form.GRIEVANCE or not slots.get(Slot.GRIEVANCE_DESCRIPTION):
        return None
    return {slot: slots.get(slot) for slot in (Slot.GRIEVANCE_DESCRIPTION, Slot.GRIEVANCE_CATEGORY,
                                               Slot.GRIEVANCE_LOCATION)}
