"""Billing periods owners name (本月, 上个月, 今年, 2025年3月, 上半年) as date ranges."""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PeriodRange:
    start: date
    end: date  # inclusive


def _month(year: int, month: int) -> PeriodRange:
    return PeriodRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _year(year: int) -> PeriodRange:
    return PeriodRange(date(year, 1, 1), date(year, 12, 31))


def normalize_period(text: str, today: date) -> PeriodRange | None:
    """The range meant by ``text``; a bare month (3月) is the latest one not after ``today``."""
    text = unicodedata.normalize("NFKC", text or "").replace(" ", "")
    if m := re.search(r"(20\d{2})年(?:(\d{1,2})月)?", text):
        year = int(m[1])
        if m[2]:
            return _month(year, int(m[2])) if 1 <= int(m[2]) <= 12 else None
        return _year(year)
    if m := re.search(r"(\d{1,2})月", text):
        month = int(m[1])
        if not 1 <= month <= 12:
            return None
        return _month(today.year if month <= today.month else today.year - 1, month)
    if any(word in text for word in ("本月", "这个月", "当月")):
        return _month(today.year, today.month)
    if "上个月" in text or "上月" in text:
        return _month(today.year - 1, 12) if today.month == 1 else _month(today.year, today.month - 1)
    if "上半年" in text:
        return PeriodRange(date(today.year, 1, 1), date(today.year, 6, 30))
    if "下半年" in text:
        return PeriodRange(date(today.year, 7, 1), date(today.year, 12, 31))
    if "前年" in text:
        return _year(today.year - 2)
    if "去年" in text:
        return _year(today.year - 1)
    if "今年" in text or "本年" in text:
        return _year(today.year)
    return None
