"""The one place the bot asks what time it is, so rules and tests can pin ``now``."""

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(SHANGHAI)


def fixed_clock(moment: datetime) -> Clock:
    if moment.tzinfo is None:
        raise ValueError("a clock must be timezone-aware")
    return lambda: moment


def today_in_shanghai(clock: Clock) -> date:
    return clock().astimezone(SHANGHAI).date()
