"""Dates owners write when they promise to pay: 明天, 下周五, 月底, 15号, 12月5日, 3天后.

Everything is relative to ``today`` in Asia/Shanghai, passed in by the caller.
"""

import calendar
import re
import unicodedata
from datetime import date, timedelta

from bot.domain.numerals import parse_small_number

SHANGHAI = "Asia/Shanghai"
# A promise further out than this is not a promise we can hold anyone to; ask again.
MAX_PROMISE_DAYS = 180

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_NUM = r"(?<!\d)(\d{1,3}|[一二两三四五六七八九十]{1,3})"
_FIXED_OFFSETS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_month(today: date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def _month_day(today: date, month: int, day: int) -> date | None:
    """The next occurrence of month/day on or after today."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def _day_of_month(today: date, day: int) -> date | None:
    """The next occurrence of the day-of-month on or after today (15号 said on the 20th means next month)."""
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(3):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if candidate >= today:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def parse_promise_date(text: str, today: date) -> date | None:
    """The date meant by ``text``, or None when it names no date (or one in the past or too far away)."""
    text = unicodedata.normalize("NFKC", text or "").replace(" ", "")
    found = _parse(text, today)
    if found is None or found < today or (found - today).days > MAX_PROMISE_DAYS:
        return None
    return found


def _parse(text: str, today: date) -> date | None:
    if m := re.search(r"(20\d{2})[-/年](\d{1,2})[-/月](\d{1,2})[日号]?", text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := re.search(rf"{_NUM}月{_NUM}[日号]?", text):
        month, day = parse_small_number(m[1]), parse_small_number(m[2])
        return _month_day(today, month, day) if month and day and 1 <= month <= 12 else None
    if m := re.search(rf"{_NUM}(?:天|日)(?:后|以后|之后)", text):
        days = parse_small_number(m[1])
        return today + timedelta(days=days) if days is not None else None
    if m := re.search(r"(下下|下|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])", text):
        target = _WEEKDAYS[m[2]]
        monday = today - timedelta(days=today.weekday())
        weeks = {"下下": 2, "下": 1}.get(m[1] or "", 0)
        candidate = monday + timedelta(weeks=weeks, days=target)
        if not m[1] and candidate < today:  # a bare 周一 already past means next week's
            candidate += timedelta(weeks=1)
        return candidate
    if re.search(r"(这|本)?(个)?周末", text):
        return today + timedelta(days=(5 - today.weekday()) % 7)
    if "下月初" in text or "下个月初" in text or "月初" in text:
        year, month = _next_month(today)
        return date(year, month, 5)
    if "下个月" in text or "下月" in text:
        year, month = _next_month(today)
        return _last_day(year, month)
    if "月底" in text or "月末" in text:
        return _last_day(today.year, today.month)
    if "年底" in text or "年末" in text:
        return date(today.year, 12, 31)
    if m := re.search(rf"{_NUM}[日号](?!楼)", text):
        day = parse_small_number(m[1])
        return _day_of_month(today, day) if day else None
    for word in sorted(_FIXED_OFFSETS, key=len, reverse=True):
        if word in text:
            return today + timedelta(days=_FIXED_OFFSETS[word])
    return None


def describe_date(day: date, today: date) -> str:
    """How the bot says a date back to an owner: ``11月30日（周一）``, with the year only when it differs."""
    weekday = "一二三四五六日"[day.weekday()]
    prefix = f"{day.year}年" if day.year != today.year else ""
    return f"{prefix}{day.month}月{day.day}日（周{weekday}）"
