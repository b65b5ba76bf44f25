"""Grievance tickets as the owner reads them."""

from bot.domain.grievance_rules import OPEN_STATUSES, STATUS_NAMES
from bot.render.dates import local_time
from bot.services.grievances import Ticket


def ticket_line(ticket: Ticket) -> str:
    status = STATUS_NAMES.get(ticket.status, ticket.status)
    where = f"，{ticket.location}" if ticket.location else ""
    line = f"· {ticket.ticket_no}（{local_time(ticket.created_at)}报）{ticket.category_name}{where}：{status}"
    if ticket.status in OPEN_STATUSES:
        line += f"；{ticket.department}负责，承诺 {local_time(ticket.sla_due_at)} 前跟进"
    return line


def tickets_text(tickets: list[Ticket]) -> str:
    return "\n".join(ticket_line(t) for t in tickets)
