"""Grievance tickets: created from the chat, routed to a department with an SLA, and looked up by the owner."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bot.clock import SHANGHAI
from bot.db.models import Grievance, GrievanceEvent, GrievanceStatus, IncompleteReason
from bot.domain.grievance_rules import BY_KEY, OPEN_STATUSES, categorise, sla_due, ticket_number
from bot.services.base import Service
from bot.services.binding import BoundUnit


@dataclass(frozen=True)
class Ticket:
    ticket_no: str
    category_key: str
    category_name: str
    department: str
    status: str
    description: str
    location: str
    created_at: datetime
    sla_due_at: datetime
    incomplete_reason: IncompleteReason | None = None


def is_open():
    """SQL condition: the ticket is still being dealt with."""
    return Grievance.status.in_([GrievanceStatus(s) for s in OPEN_STATUSES])


def open_service_grievance_exists(session, unit_id: int) -> bool:
    """An open ticket about the service the fee pays for (reminders pause while there is one)."""
    return session.execute(select(Grievance.id).where(
        Grievance.unit_id == unit_id, Grievance.about_service.is_(True), is_open()).limit(1)).first() is not None


def _ticket(g: Grievance) -> Ticket:
    category = BY_KEY.get(g.category, BY_KEY["other"])
    return Ticket(g.ticket_no, category.key, category.name, g.department, str(g.status), g.description, g.location,
                  g.created_at, g.sla_due_at, g.incomplete_reason)


class GrievanceService(Service):
    def create(self, conversation_id: str, description: str, location: str, category_key: str | None,
               unit: BoundUnit | None, incomplete_reason: IncompleteReason | None = None) -> Ticket:
        """A new ticket. ``incomplete_reason`` marks one recorded without every detail, for staff to complete."""
        now = self.now()
        category = BY_KEY.get(category_key or "", None) or categorise(description)
        local_day = now.astimezone(SHANGHAI)
        with self.transaction() as session:
            day_start = local_day.replace(hour=0, minute=0, second=0, microsecond=0)
            today_count = session.execute(
                select(func.count()).select_from(Grievance).where(Grievance.created_at >= day_start)
            ).scalar_one()
            grievance = Grievance(
                ticket_no=ticket_number(local_day, today_count + 1),
                community_id=unit.community_id if unit else None, unit_id=unit.unit_id if unit else None,
                person_id=unit.person_id if unit else None, conversation_id=conversation_id, category=category.key,
                department=category.department, description=description, location=location,
                about_service=category.about_service, status=GrievanceStatus.OPEN, created_at=now,
                sla_due_at=sla_due(category, now), incomplete_reason=incomplete_reason,
            )
            session.add(grievance)
            session.flush()
            note = "owner reported through the bot"
            if incomplete_reason:
                note += f"; details to complete ({incomplete_reason})"
            session.add(GrievanceEvent(grievance_id=grievance.id, at=now, from_status=None, to_status="open",
                                       actor=conversation_id, note=note))
            self.audit(session, conversation_id, "create_grievance", f"grievance:{grievance.ticket_no}",
                       category=category.key, incomplete=str(incomplete_reason or ""))
            return _ticket(grievance)

    def correct(self, conversation_id: str, ticket_no: str, location: str | None = None,
                category_key: str | None = None) -> Ticket | None:
        """The owner corrected the ticket they just reported ("不对，是5栋2单元"): the same ticket changes (and counts
        as complete once it has a location). None when the ticket is not theirs or no longer open."""
        with self.transaction() as session:
            grievance = session.execute(select(Grievance).where(
                Grievance.ticket_no == ticket_no, Grievance.conversation_id == conversation_id, is_open())
            ).scalar_one_or_none()
            if grievance is None:
                return None
            changed = {}
            if location and location != grievance.location:
                changed["location"] = [grievance.location, location]
                grievance.location = location
                if grievance.incomplete_reason is not None:
                    grievance.incomplete_reason = None
            if category_key and category_key in BY_KEY and category_key != grievance.category:
                category = BY_KEY[category_key]
                changed["category"] = [grievance.category, category.key]
                grievance.category, grievance.department = category.key, category.department
                grievance.about_service = category.about_service
                grievance.sla_due_at = sla_due(category, grievance.created_at)
            if changed:
                status = str(grievance.status)
                session.add(GrievanceEvent(grievance_id=grievance.id, at=self.now(), from_status=status,
                                           to_status=status, actor=conversation_id,
                                           note="owner corrected " + ", ".join(changed)))
                self.audit(session, conversation_id, "correct_grievance", f"grievance:{ticket_no}", **changed)
            return _ticket(grievance)

    def tickets_for(self, conversation_id: str, unit_ids: list[int], limit: int = 3) -> list[Ticket]:
        """The asker's latest tickets: those they reported, or reported for their bound units."""
        with self.transaction() as session:
            condition = Grievance.conversation_id == conversation_id
            if unit_ids:
                condition = condition | Grievance.unit_id.in_(unit_ids)
            rows = session.execute(
                select(Grievance).where(condition).order_by(Grievance.created_at.desc()).limit(limit)
            ).scalars().all()
            return [_ticket(g) for g in rows]

    def has_open_service_grievance(self, unit_id: int) -> bool:
        with self.transaction() as session:
            return open_service_grievance_exists(session, unit_id)

    def attach_photo(self, conversation_id: str, media_id: str) -> str | None:
        """Attach a photo (WeChat media id) to the asker's latest open ticket; its number, or None if none is open."""
        with self.transaction() as session:
            grievance = session.execute(
                select(Grievance).where(Grievance.conversation_id == conversation_id, is_open())
                .order_by(Grievance.created_at.desc()).limit(1)).scalar_one_or_none()
            if grievance is None:
                return None
            photos = dict(grievance.photos or {})
            photos["media_ids"] = [*photos.get("media_ids", []), media_id][-20:]
            grievance.photos = photos  # reassigned, so the JSON change is saved
            session.add(GrievanceEvent(grievance_id=grievance.id, at=self.now(), from_status=str(grievance.status),
                                       to_status=str(grievance.status), actor=conversation_id,
                                       note=f"photo {media_id}"))
            return grievance.ticket_no
