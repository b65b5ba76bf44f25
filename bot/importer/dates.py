"""Dates, payment times and billing periods as Chinese exports write them (2026-01, 2026年1月, 202601, …).

Times in a file are Beijing time; payment times are converted to UTC for storage.
"""

import calendar
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta

from bot.clock import SHANGHAI

_YEARS = range(2000, 2100)
_TIME = r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
_DATE = re.compile(r"(?P<year>\d{4})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})[日号]?" + _TIME)
_COMPACT_DATE = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})" + _TIME)
_PERIOD = re.compile(r"(?P<year>\d{4})(?:[-/.年](?P<month>\d{1,2})月?|(?P<compact>\d{2}))")
# Excel silently turns a typed "2026-01" into the date 2026-01-01, so a first-of-month date is a period too.
_PERIOD_AS_DATE = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.]0?1(?: 00:00(?::00)?)?")
# A payment recorded by date only is placed at noon Beijing time, so it falls on the same day in any timezone.
_DATE_ONLY_TIME = time(12, 0)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).strip())


def _local_datetime(text: str) -> tuple[date, time | None]:
    cleaned = _clean(text)
    match = _DATE.fullmatch(cleaned) or _COMPACT_DATE.fullmatch(cleaned)
    if not match:
        raise ValueError(f"'{text}' 不是有效日期（应类似 2026-01-15、2026/1/15 或 2026年1月15日）")
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        moment = time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0)) if match["hour"] else None
    except ValueError:
        raise ValueError(f"'{text}' 不是存在的日期或时间") from None
    if day.year not in _YEARS:
        raise ValueError(f"'{text}' 年份不合理")
    return day, moment


def parse_date(text: str) -> date:
    return _local_datetime(text)[0]


def parse_paid_at(text: str) -> datetime:
    """A payment time written in Beijing time, as an aware UTC datetime."""
    day, moment = _local_datetime(text)
    return datetime.combine(day, moment or _DATE_ONLY_TIME, tzinfo=SHANGHAI).astimezone(UTC)


def parse_period(text: str) -> date:
    """The first day of the billing month: ``2026-01``, ``2026/1``, ``2026年1月``, ``202601`` → 2026-01-01."""
    cleaned = _clean(text).replace(" ", "")
    match = _PERIOD.fullmatch(cleaned) or _PERIOD_AS_DATE.fullmatch(_clean(text))
    if not match:
        raise ValueError(f"'{text}' 不是有效账期（应类似 2026-01、2026/1、2026年1月 或 202601）")
    year, month = int(match["year"]), int(match["month"] or match.groupdict().get("compact") or 0)
    if year not in _YEARS or not 1 <= month <= 12:
        raise ValueError(f"'{text}' 不是有效账期（年份或月份不对）")
    return date(year, month, 1)


def period_end(period_start: date) -> date:
    return period_start.replace(day=calendar.monthrange(period_start.year, period_start.month)[1])


def default_due_date(period_start: date) -> date:
    """Bills fall due on the 15th of the month after the period, as most property contracts say."""
    return (period_end(period_start) + timedelta(days=1)).replace(day=15)
