"""Established Chinese time parsers, adapted to the time table's question ("which day does the owner promise?"),
so ``parser_eval`` can score them beside ``bot.domain.dates`` (development dependencies only).

Every adapter reads the library's answer the same, generous way: a point in time is its day; a span or a coarser
grain (a week, a month) is its last day, since a promise names the last day the owner means to pay by; a
duration counts from today; no answer is ``ask``; a day before today is ``past``.
"""

import calendar
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

SHANGHAI = "Asia/Shanghai"


def _verdict(day: date | None, today: date) -> str:
    if day is None:
        return "ask"
    return "past" if day < today else day.isoformat()


def _noon(today: date) -> datetime:
    return datetime(today.year, today.month, today.day, 12, 0)


def jionlp_reader() -> Callable[[str, date], str]:
    import jionlp

    def read(text: str, today: date) -> str:
        base = _noon(today).timestamp()
        found = jionlp.ner.extract_time(text, time_base=base, with_parsing=True)
        detail = found[0]["detail"] if found else None
        if not detail:
            return "ask"
        if detail["type"] == "time_delta":
            delta = detail["time"]
            days = delta.get("day", 0) + 7 * delta.get("week", 0) + 30 * delta.get("month", 0)
            return _verdict(today + timedelta(days=int(days)), today) if days else "ask"
        if detail["type"] not in ("time_point", "time_span"):
            return "ask"
        end = detail["time"][-1]
        if not isinstance(end, str) or "inf" in end:
            return "ask"
        return _verdict(datetime.strptime(end[:10], "%Y-%m-%d").date(), today)

    return read


def chinesetimenlp_reader() -> Callable[[str, date], str]:
    import arrow
    from ChineseTimeNLP import TimeNormalizer

    normalizer = TimeNormalizer()

    def read(text: str, today: date) -> str:
        result = normalizer.parse(target=text, baseTime=arrow.get(_noon(today), SHANGHAI))
        kind = result.get("type")
        if kind == "timestamp":
            return _verdict(date.fromisoformat(result["timestamp"][:10]), today)
        if kind == "timespan":
            return _verdict(date.fromisoformat(result["timespan"][-1][:10]), today)
        if kind == "timedelta":
            delta = result["timedelta"]
            days = delta.get("day", 0) + 30 * delta.get("month", 0) + 365 * delta.get("year", 0)
            return _verdict(today + timedelta(days=days), today) if days else "ask"
        return "ask"

    return read


def _last_day_of_grain(day: date, grain: str) -> date:
    if grain == "week":
        return day + timedelta(days=6)
    if grain == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    if grain in ("quarter", "year"):
        return date(day.year, 12, 31) if grain == "year" else _last_day_of_grain(day.replace(day=1), "month")
    return day


def duckling_reader() -> Callable[[str, date], str]:
    import duckling

    zones = duckling.load_time_zones("/usr/share/zoneinfo")
    locale = duckling.parse_locale("ZH_CN", duckling.default_locale_lang(duckling.parse_lang("ZH")))
    dimensions = duckling.parse_dimensions(["time", "duration"])

    def read(text: str, today: date) -> str:
        reference = duckling.parse_ref_time(zones, SHANGHAI, int(_noon(today).timestamp()))
        found = duckling.parse(text, duckling.Context(reference, locale), dimensions, False)
        for entity in found:
            value = entity["value"]
            if entity["dim"] == "duration":
                seconds = value.get("normalized", {}).get("value", 0)
                return _verdict(today + timedelta(seconds=seconds), today) if seconds else "ask"
            if value.get("type") == "interval":
                edge = value.get("to") or value.get("from")
                if not edge:
                    continue
                day = date.fromisoformat(edge["value"][:10])
                return _verdict(day - timedelta(days=1) if "to" in value else day, today)
            if "value" in value:
                day = date.fromisoformat(value["value"][:10])
                return _verdict(_last_day_of_grain(day, value.get("grain", "day")), today)
        return "ask"

    return read


READERS = {
    "jionlp 1.5 (ner.extract_time)": jionlp_reader,
    "Duckling (pyduckling-native-phihos)": duckling_reader,
    "ChineseTimeNLP 3.0": chinesetimenlp_reader,
}


def available_readers() -> dict[str, Callable[[str, date], str]]:
    """The libraries installed here (the dev group installs all three); one that fails to load is left out."""
    readers = {}
    for name, build in READERS.items():
        try:
            readers[name] = build()
        except Exception as error:  # ImportError, or a library whose data fails to load
            logging.getLogger(__name__).warning("%s not compared: %s", name, error)
    return readers
