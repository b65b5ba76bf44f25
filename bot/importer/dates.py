"""Dates, payment times and billing periods as Chinese exports write them.

A period is a range of days, both ends included: a month (2026-01, 2026年1月, 202601), a range in one cell
(2026-01-01~2026-12-31, 2026.01-2026.12) or two cells (开始时间 / 结束时间). Times in a file are Beijing time;
payment times are stored as UTC. Excel's date serials (45292) are recognised wherever a date is expected.
"""

import calendar
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta

from bot.clock import SHANGHAI
from bot.importer.values import EXPORT_AS_TEXT, Repair, cell_text

_YEARS = range(2000, 2100)
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's (Lotus-compatible) count
_SERIALS = range((date(2000, 1, 1) - _EXCEL_EPOCH).days, (date(2100, 1, 1) - _EXCEL_EPOCH).days)
_TIME = r"(?:[ T]*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
_DATE = re.compile(r"(?P<year>\d{4})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})[日号]?" + _TIME)
_COMPACT_DATE = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})" + _TIME)
_SERIAL = re.compile(r"(?P<days>\d{5})(?:\.(?P<fraction>\d+))?")
_MONTH = re.compile(r"(?P<year>\d{4})(?:[-/.年](?P<month>\d{1,2})月?|(?P<compact>\d{2}))")
# Excel silently turns a typed "2026-01" into the date 2026-01-01, so a first-of-month date is a month too.
_MONTH_AS_DATE = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.]0?1(?: 00:00(?::00)?)?")
_DAY_OR_MONTH = r"\d{4}(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}[日号]?|月)?|\d{2}(?:\d{2})?)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_RANGE = re.compile(rf"(?P<start>{_DAY_OR_MONTH})\s*(?:~|～|至|到|—|－|--|-|_)\s*(?P<end>{_DAY_OR_MONTH})")
# A payment recorded by date only is placed at noon Beijing time, so it falls on the same day in any timezone.
_DATE_ONLY_TIME = time(12, 0)
_HINT = "应类似 2026-01-15、2026/1/15 或 2026年1月15日"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).strip())


def _from_serial(days: float) -> tuple[date, time | None]:
    day = _EXCEL_EPOCH + timedelta(days=int(days))
    seconds = round((days - int(days)) * 86400)
    return day, (time(seconds // 3600, seconds % 3600 // 60, seconds % 60) if seconds else None)


def local_datetime(value: object) -> tuple[date, time | None, Repair | None]:
    """A cell as a Beijing date and time of day (None when the cell has only a date)."""
    if isinstance(value, datetime):
        return value.date(), (value.time() if value.time() != time() else None), None
    if isinstance(value, date):
        return value, None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if int(value) in _SERIALS:
            return (*_from_serial(float(value)), Repair.DATE_AS_SERIAL)
        raise ValueError(f"'{cell_text(value)}' 不是有效日期（{_HINT}）")
    cleaned = _clean(str(value))
    if (serial := _SERIAL.fullmatch(cleaned)) and int(serial["days"]) in _SERIALS:
        return (*_from_serial(float(cleaned)), Repair.DATE_AS_SERIAL)
    match = _DATE.fullmatch(cleaned) or _COMPACT_DATE.fullmatch(cleaned)
    if not match:
        if re.fullmatch(r"#+", cleaned):
            raise ValueError(f"'{value}' 是 Excel 列太窄时显示的 #####，日期本身没有导出；{EXPORT_AS_TEXT}")
        raise ValueError(f"'{value}' 不是有效日期（{_HINT}）")
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        moment = time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0)) if match["hour"] else None
    except ValueError:
        raise ValueError(f"'{value}' 不是存在的日期或时间") from None
    if day.year not in _YEARS:
        raise ValueError(f"'{value}' 年份不合理")
    return day, moment, None


def parse_date(value: object) -> date:
    return local_datetime(value)[0]


def parse_paid_at(value: object) -> tuple[datetime, Repair | None]:
    """A payment time written in Beijing time, as an aware UTC datetime."""
    day, moment, repair = local_datetime(value)
    return datetime.combine(day, moment or _DATE_ONLY_TIME, tzinfo=SHANGHAI).astimezone(UTC), repair


def month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _month(text: str) -> date | None:
    cleaned = _clean(text).replace(" ", "")
    match = _MONTH.fullmatch(cleaned) or _MONTH_AS_DATE.fullmatch(_clean(text))
    if not match:
        return None
    year, month = int(match["year"]), int(match["month"] or match.groupdict().get("compact") or 0)
    if year not in _YEARS or not 1 <= month <= 12:
        raise ValueError(f"'{text}' 不是有效账期（年份或月份不对）")
    return date(year, month, 1)


def parse_month(value: object) -> date:
    """The first day of a billing month: ``2026-01``, ``2026/1``, ``2026年1月``, ``202601`` → 2026-01-01."""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        if day.day == 1:
            return day
    found = _month(cell_text(value))
    if found is None:
        raise ValueError(f"'{cell_text(value)}' 不是有效账期（应类似 2026-01、2026/1、2026年1月 或 202601）")
    return found


def parse_period(value: object) -> tuple[date, date, Repair | tuple[Repair, ...] | None]:
    """A period in one cell: a month, or a range of days or months, as (first day, last day, repair)."""
    if isinstance(value, datetime | date) or (isinstance(value, int | float) and not isinstance(value, bool)):
        day, _, repair = local_datetime(value)
        if day.day != 1:
            raise ValueError(f"'{cell_text(value)}' 是一天，不是账期（应类似 2026-01 或 2026-01-01~2026-12-31）")
        return day, month_end(day), repair
    text = _clean(str(value))
    if (start := _month(text)) is not None:
        return start, month_end(start), None
    if (match := _RANGE.fullmatch(text)) is None:
        raise ValueError(f"'{text}' 不是有效账期（应类似 2026-01、2026年1月 或 2026-01-01~2026-12-31）")
    return period_range(match["start"], match["end"])


def _bound(text: object, end: bool) -> tuple[date, bool, Repair | None]:
    """One end of a range: a day, or a month (its first day for a start, its last day for an end)."""
    if isinstance(text, str) and (month := _month(text)) is not None and not _DATE.fullmatch(_clean(text)):
        return (month_end(month) if end else month), True, None
    day, _, repair = local_datetime(text)
    return day, False, repair


def period_range(start_value: object, end_value: object) -> tuple[date, date, tuple[Repair, ...]]:
    """A range from its two ends, both included. An end on the same day of the month as the start, a whole
    number of months later (2026-01-01 → 2027-01-01), is the start of the next period: the bill ends the day
    before, as the exporting system meant it."""
    start, start_is_month, start_repair = _bound(start_value, end=False)
    end, end_is_month, end_repair = _bound(end_value, end=True)
    repairs = dict.fromkeys(r for r in (start_repair, end_repair) if r)
    if start_is_month and end_is_month:
        repairs[Repair.RANGE_FROM_MONTHS] = None
    if end < start:
        raise ValueError(f"结束时间 {end.isoformat()} 早于开始时间 {start.isoformat()}")
    if not end_is_month and end > start and end.day == start.day:
        end = end - timedelta(days=1)
        repairs[Repair.EXCLUSIVE_END] = None
    return start, end, tuple(repairs)


def default_due_date(period_start: date) -> date:
    """Bills fall due on the 15th of the month after the period starts, as most property contracts say (fees
    for a year are paid in advance, so a year's bill is due early in its first months, not after it)."""
    return (month_end(period_start) + timedelta(days=1)).replace(day=15)
