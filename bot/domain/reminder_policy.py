"""When reminders must not be sent to an owner. Pure: the reminder engine asks, with ``today`` and the facts."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReminderFacts:
    opted_out: bool = False
    open_service_grievance: bool = False
    pending_or_active_plan: bool = False
    open_promise_dates: tuple[date, ...] = ()


def pause_reasons(facts: ReminderFacts, today: date) -> list[str]:
    """Empty list: reminders may go. Otherwise, why not (shown to staff and managers)."""
    reasons = []
    if facts.opted_out:
        reasons.append("opted_out")
    if facts.open_service_grievance:
        # Unresolved service problems are a main reason owners refuse to pay: fix first, remind later.
        reasons.append("open_grievance")
    if facts.pending_or_active_plan:
        reasons.append("payment_plan")
    # A promise pauses reminders until the day after the promised date.
    if any(today <= promised for promised in facts.open_promise_dates):
        reasons.append("promise_to_pay")
    return reasons
