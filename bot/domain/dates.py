"""The day an owner promises to pay by, read from how they write it: 明天, 下周五, 月底, 下个月15号, 十五号之前,
12月5日, 1.15, 3天后, 一周内, 年前 (the lunar new year), 国庆后 … (the rules: ``tests/tables/time_expressions.yml``).

A promise names the *last* day the owner means to pay by: 15号前 is the 15th, 年前 is 除夕, 一周内 is a week from
today. Weeks start on Monday. Everything is relative to ``today`` in Asia/Shanghai, passed in by the caller.

``read_promise_date`` says what it found: a day, nothing fixed (ask which day: 发工资后, 过几天, 下个月), a day
already gone (ask again), or one too far away. ``parse_promise_date`` is the short form: the day, or None.
Lunar dates come from ``lunardate``; statutory holidays from ``chinese_calendar`` (both pure computation).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.chinese_text import normal_form
from bot.domain.numerals import parse_chinese_number, parse_small_number

SHANGHAI = "Asia/Shanghai"
# A promise further out than this is not a promise we can hold anyone to; ask again.
MAX_PROMISE_DAYS = 180
# What owners mean by the parts of a month (the table's rules; a human collector reads them the same way).
EARLY_MONTH_DAY = 5
MID_MONTH_DAY = 15


class DateOutcome(StrEnum):
    DAY = "day"
    ASK = "ask"  # no day can be fixed from the words: ask which day
    PAST = "past"  # the day named has already gone by: ask again
    TOO_FAR = "too_far"  # more than MAX_PROMISE_DAYS away: ask again


@dataclass(frozen=True)
class DateReading:
    outcome: DateOutcome
    day: date | None = None  # set for DAY, and for PAST/TOO_FAR (the day that was understood)


_N = r"(\d{1,4}|[零〇一二两三四五六七八九十廿卅]{1,4})"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "1": 0, "2": 1, "3": 2, "4": 3, "5": 4,
             "6": 5, "7": 6}
_AFTER = r"(?:以后|之后|过后|后)"
_WITHIN = r"(?:之内|以内|内)"
_AFTER_OR_WITHIN = r"(?:以后|之后|过后|后|之内|以内|内)"

# Typos and dialect that change what a date word says (pinyin input, voice recognition, northern speech).
_REWRITES = [
    (re.compile(r"月低"), "月底"),
    (re.compile(r"(?<=[下这本上])个越"), "个月"),
    (re.compile(r"(?<=[下这本上])越(?=[底初中\d])"), "月"),
    (re.compile(r"(星期|礼拜|周)无"), r"\g<1>五"),
    (re.compile(r"今儿个?|今晚|今早|今天晚上"), "今天"),
    (re.compile(r"明儿个?|明早|明晚|明日"), "明天"),
    (re.compile(r"后儿个?"), "后天"),
    # 礼拜三, 星期天, 这个礼拜天 → 周三, 周日, 这周日 (周 and its day are read by one rule below).
    (re.compile(r"(?:这个|这一?)(?=(?:星期|礼拜))"), "这"),
    (re.compile(r"下个(?=(?:星期|礼拜))"), "下"),
    (re.compile(r"(?:星期|礼拜|周)([一二三四五六日天1-7])"), r"周\1"),
    (re.compile(r"周天"), "周日"),
    (re.compile(r"(?:星期|礼拜)(?=(?:之内|以内|内))"), "周"),
]
# Phrases that sound like a time but fix no day.
_NO_DAY = re.compile(r"十天半个?月|三五天|几天|改天|过段时间|过阵子|过一阵|哪天")


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_start(today: date, months_ahead: int) -> date:
    return _add_months(today.replace(day=1), months_ahead)


def _in_month(first: date, day: int) -> date:
    return first.replace(day=min(day, calendar.monthrange(first.year, first.month)[1]))


def _day_this_or_next_month(today: date, day: int) -> date | None:
    """A bare day number: this month if it is today or later, else the next month that has that day."""
    if not 1 <= day <= 31:
        return None
    first = today.replace(day=1)
    for months in range(3):
        month = _add_months(first, months)
        if day <= calendar.monthrange(month.year, month.month)[1]:
            candidate = month.replace(day=day)
            if candidate >= today:
                return candidate
    return None


def _nearest_month_day(today: date, month: int, day: int) -> date | None:
    """12月5日, 1.15: the occurrence nearest to today (forward across the new year, or one just gone by)."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: (abs((d - today).days), d < today)) if candidates else None


def _part_of_month(first: date, part: str) -> date:
    if part in ("底", "末"):
        return _last_day(first.year, first.month)
    return _in_month(first, EARLY_MONTH_DAY if part == "初" else MID_MONTH_DAY)


def _this_or_next_month_part(today: date, part: str) -> date:
    candidate = _part_of_month(today.replace(day=1), part)
    return candidate if candidate >= today else _part_of_month(_month_start(today, 1), part)


# --- the lunar calendar and holidays ------------------------------------------------------------------------------


def _lunar(year: int, month: int, day: int) -> date | None:
    from lunardate import LunarDate

    for d in (day, day - 1):  # 腊月三十 in a 29-day 腊月 is its last day
        try:
            return LunarDate(year, month, d).to_solar_date()
        except ValueError:
            continue
    return None


def _lunar_today(today: date):
    from lunardate import LunarDate

    return LunarDate.from_solar_date(today.year, today.month, today.day)


def _in_first_lunar_month(today: date) -> bool:
    lunar = _lunar_today(today)
    return lunar.month == 1 and not lunar.is_leap_month


def _new_years_eve(today: date) -> date | None:
    """除夕 before the coming lunar new year; None during the first lunar month (the festival just went by)."""
    if _in_first_lunar_month(today):
        return None
    for year in (today.year, today.year + 1):
        spring_festival = _lunar(year, 1, 1)
        if spring_festival and spring_festival - timedelta(days=1) >= today:
            return spring_festival - timedelta(days=1)
    return None


def _lunar_day(today: date, month: int, day: int) -> date | None:
    """腊月廿八, 正月十五: the next occurrence of that lunar day (today included)."""
    lunar_year = _lunar_today(today).year
    for year in (lunar_year, lunar_year + 1):
        found = _lunar(year, month, day)
        if found and found >= today:
            return found
    return None


def _first_workday_after_national_day(year: int) -> date:
    day = date(year, 10, 1)
    try:
        from chinese_calendar import is_workday

        while not is_workday(day) or day.month == 10 and day.day == 1:
            day += timedelta(days=1)
        return day
    except NotImplementedError:  # chinese_calendar has no data for that year yet: the usual 1–7 October holiday
        return date(year, 10, 8)


# --- the rules, most specific first ---------------------------------------------------------------------------------


def _prepare(text: str) -> str:
    text = normal_form(text).replace(" ", "")
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


def _number(token: str) -> int | None:
    return parse_small_number(token)


_PAST = object()  # a marker: the words name a day already gone (昨天)


def _find(text: str, today: date):  # noqa: C901 (one rule per family, in order; splitting hides the order)
    if re.search(r"昨天|前天|上周[一二三四五六日]", text):
        return _PAST

    # Holidays, before numerals: 十一 here is National Day, not the 11th.
    if re.search(r"(?:国庆节?|十一)" + _AFTER, text):
        return _first_workday_after_national_day(today.year if today.month <= 10 else today.year + 1)
    if re.search(r"国庆节?(?:之前|以前|前)", text):
        return date(today.year if today <= date(today.year, 9, 30) else today.year + 1, 9, 30)

    # Lunar days: 腊月二十八, 正月十五以后, (过了年)初八.
    if m := re.search(r"(腊月|正月)?初" + _N + "|(腊月|正月)" + _N, text):
        month_word = m[1] or m[3] or "正月"
        day = _number(m[2] or m[4])
        if day and 1 <= day <= 30:
            found = _lunar_day(today, 12 if month_word == "腊月" else 1, day)
            after = re.match(_AFTER, text[m.end():])
            return found + timedelta(days=1) if found and after else found
    years_ago = re.search(r"[\d一二两三四五六七八九十几去今明]年前", text)  # 三年前 is not 年前
    if re.search(r"(?:过年|春节|年)(?:之前|以前|前)", text) and not years_ago:
        return _new_years_eve(today) or _PAST

    if _NO_DAY.search(text):
        return None

    # A year, month and day: 2027年1月10日, 二零二七年一月十号.
    full_date = (r"(\d{4}|[零〇一二三四五六七八九]{4})年" + _N + "月" + _N + r"[日号]?"
                 r"|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
    if m := re.search(full_date, text):
        if m[4]:
            m = (None, m[4], m[5], m[6])
        year, month, day = parse_chinese_number(m[1]), _number(m[2]), _number(m[3])
        try:
            return date(year, month, day) if year and month and day else None
        except ValueError:
            return None
    # Thirds of a month, by their last day: 上旬 the 10th, 中旬 the 20th, 下旬 the month's last day.
    if m := re.search(r"(?:(下个?|这个?|本)月|" + _N + r"月份?)?(上|中|下)旬", text):
        if m[1] and m[1].startswith("下"):
            first = _month_start(today, 1)
        elif m[2] and (month := _number(m[2])) and 1 <= month <= 12:
            first = (_nearest_month_day(today, month, 28) or today).replace(day=1)
        else:
            first = today.replace(day=1)
        third = {"上": 10, "中": 20}.get(m[3])
        candidate = _in_month(first, third) if third else _last_day(first.year, first.month)
        if candidate < today and not (m[1] or m[2]):
            candidate = _in_month(_month_start(today, 1), third or 31)
        return candidate
    # A month and a part of it: 2月月中, 3月底, 1月初.
    if m := re.search(r"(?<![\d年])" + _N + r"月(?:份)?月?(初|中|底|末)", text):
        month = _number(m[1])
        if month and 1 <= month <= 12:
            found = _nearest_month_day(today, month, 1)
            return _part_of_month(found, m[2]) if found else None
    # A month and a day: 12月5日, 十二月二十号, 1.15, 1/15, 12-20 (month first, as Chinese owners write).
    if m := re.search(r"(?<![\d年])" + _N + "月" + _N + "[日号]?", text):
        month, day = _number(m[1]), _number(m[2])
        if month and day and 1 <= month <= 12:
            return _nearest_month_day(today, month, day)
    if m := re.search(r"(?<![\d./\-])(\d{1,2})[./\-](\d{1,2})(?![\d./\-]|元|块|万|千|k|w|%)", text, re.IGNORECASE):
        month, day = int(m[1]), int(m[2])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return _nearest_month_day(today, month, day)

    # Next month: 下个月15号, 下月初, 下个月底, 下个月之内; a bare 下个月 names no day.
    if m := re.search(r"下个?月" + _N + "[号日]", text):
        day = _number(m[1])
        return _in_month(_month_start(today, 1), day) if day and 1 <= day <= 31 else None
    if m := re.search(r"下个?月(?:的)?(初|中|底|末)", text):
        return _part_of_month(_month_start(today, 1), m[1])
    if re.search(r"下个?月" + _WITHIN, text):
        first = _month_start(today, 1)
        return _last_day(first.year, first.month)
    if re.search(r"下个?月", text):
        return None
    # This month: 这个月15号, 月底, 月末, 这个月内, 月中, 月初.
    if m := re.search(r"(?:这个?|本)月" + _N + "[号日]", text):
        day = _number(m[1])
        return _in_month(today.replace(day=1), day) if day and 1 <= day <= 31 else None
    if re.search(r"(?:这个?|本|当)月" + _WITHIN, text):
        return _last_day(today.year, today.month)
    if m := re.search(r"月(初|中|底|末)", text):
        return _this_or_next_month_part(today, m[1])

    # Weeks: 这周之内, 下周之内, 下下周一, 下周三, 这周五 (gone by: past), 周五 (the next one, today included).
    monday = today - timedelta(days=today.weekday())
    if m := re.search(r"(下下|下|这|本)周" + _WITHIN, text):
        return monday + timedelta(weeks={"下下": 2, "下": 1}.get(m[1], 0), days=6)
    if m := re.search(r"(下下个?|下个?|这个?|本)?周([一二三四五六日1-7])", text):
        prefix = (m[1] or "").replace("个", "")
        weeks = {"下下": 2, "下": 1}.get(prefix, 0)
        candidate = monday + timedelta(weeks=weeks, days=_WEEKDAYS[m[2]])
        if not prefix and candidate < today:  # a bare 周一 already gone by means the next one
            candidate += timedelta(weeks=1)
        return candidate
    if m := re.search(r"(下|这|本)?个?周末", text):
        saturday = monday + timedelta(days=5)
        if m[1] == "下":
            return saturday + timedelta(weeks=1)
        return max(saturday, today)  # said on a Sunday, this weekend is today

    # A number of days, weeks, months or hours from today: 3天后, 过两天, 一两天内, 一周内, 半个月后, 48小时内.
    if m := re.search(r"([一两二三四五六七八九])([两二三四五六七八九十])天", text):
        low, high = _number(m[1]), _number(m[2])
        if low and high and high == low + 1:
            return today + timedelta(days=high)
    if m := re.search(r"过" + _N + "天|" + _N + "(?:天|日)" + _AFTER_OR_WITHIN, text):
        days = _number(m[1] or m[2])
        return today + timedelta(days=days) if days is not None else None
    if m := re.search(_N + "个?(?:周|星期|礼拜)(?:" + _AFTER[3:-1] + "|" + _WITHIN[3:-1] + ")", text):
        weeks = _number(m[1])
        return today + timedelta(weeks=weeks) if weeks else None
    if re.search(r"半个?月", text):
        return today + timedelta(days=15)
    if m := re.search(_N + "个月(?:" + _AFTER[3:-1] + "|" + _WITHIN[3:-1] + ")", text):
        months = _number(m[1])
        return _add_months(today, months) if months else None
    if m := re.search(r"(\d{1,3})个?小时", text):
        return today + timedelta(days=-(-int(m[1]) // 24))

    # The year: 年底, 年末, 今年之内, 元旦前 (in January and February 年底 is the lunar year's end, 除夕).
    if re.search(r"年底|年末", text) and today.month <= 2 and (eve := _new_years_eve(today)):
        return eve
    if re.search(r"年底|年末|今年" + _WITHIN + "|元旦(?:之前|以前|前)", text):
        return date(today.year, 12, 31)

    # A day of the month: 15号, 十五号之前, 二十五日, 廿五号 (not 8号楼).
    if m := re.search(r"(?<![\d月])" + _N + r"[号日](?![楼栋院门线\d])", text):
        day = _number(m[1])
        return _day_this_or_next_month(today, day) if day else None

    for word, days in (("大后天", 3), ("后天", 2), ("明天", 1), ("今天", 0), ("当天", 0), ("马上", 0)):
        if word in text:
            return today + timedelta(days=days)
    return None


def read_promise_date(text: str, today: date) -> DateReading:
    """What ``text`` says about the day the owner will pay by."""
    found = _find(_prepare(text or ""), today)
    if found is _PAST:
        return DateReading(DateOutcome.PAST)
    if found is None:
        return DateReading(DateOutcome.ASK)
    if found < today:
        return DateReading(DateOutcome.PAST, found)
    if (found - today).days > MAX_PROMISE_DAYS:
        return DateReading(DateOutcome.TOO_FAR, found)
    return DateReading(DateOutcome.DAY, found)


def parse_promise_date(text: str, today: date) -> date | None:
    """The day meant by ``text``, or None when it names no day (or one in the past or too far away)."""
    reading = read_promise_date(text, today)
    return reading.day if reading.outcome is DateOutcome.DAY else None


def weekday_name(day: date) -> str:
    """``周一`` … ``周日``: every date the bot says to an owner carries it, so a misunderstanding shows."""
    return "周" + "一二三四五六日"[day.weekday()]


def describe_date(day: date, today: date) -> str:
    """How the bot says a date back to an owner: ``11月30日（周一）``, with the year only when it differs."""
    prefix = f"{day.year}年" if day.year != today.year else ""
    return f"{prefix}{day.month}月{day.day}日（{weekday_name(day)}）"
