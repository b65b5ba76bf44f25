"""Dates and times as owners read them, in Asia/Shanghai."""

from datetime import date, datetime, timedelta

from bot.clock import SHANGHAI
from bot.domain.dates import weekday_name


def long_date(day: date) -> str:
    """``2026年11月28日（周六）``: with the weekday, as every date shown to an owner (issue 11)."""
    return f"{day.year}年{day.month}月{day.day}日（{weekday_name(day)}）"


def local_time(moment: datetime) -> str:
    """``11月26日（周四）15:30`` in Shanghai time."""
    local = moment.astimezone(SHANGHAI)
    return f"{local.month}月{local.day}日（{weekday_name(local.date())}）{local:%H:%M}"


def period_text(start: date, end: date) -> str:
    """A billing period: ``2026年10月`` for a month, else ``2026年7月–9月``."""
    if start.year == end.year and start.month == end.month:
        return f"{start.year}年{start.month}月"
    if start.year == end.year:
        return f"{start.year}年{start.month}月–{end.month}月"
    return f"{start.year}年{start.month}月–{end.year}年{end.month}月"


def duration_text(span: timedelta) -> str:
    hours = int(span.total_seconds() // 3600)
    if hours and hours % 24 == 0:
        return f"{hours // 24}天"
    return f"{hours}小时"
