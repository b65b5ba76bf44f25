"""What a column's values look like (amounts, dates, phones, text), for columns no field claims. Pure.

This is what makes "nothing silently lost" checkable: a column that is not mapped and holds amounts, dates or
phone numbers must be mapped or explicitly ignored before anything is written.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.importer.dates import local_datetime
from bot.importer.values import SCIENTIFIC, cell_text, is_blank, parse_phone, parse_yuan_fen

SAMPLE = 5000  # values looked at per column; enough to classify, cheap on 100,000-row files
SHARE = 0.6  # the share of non-empty values that decides what a column holds


class Looks(StrEnum):
    EMPTY = "空列"
    ZERO = "全部为 0"
    AMOUNTS = "金额"
    DATES = "日期"
    PHONES = "电话号码"
    TEXT = "文字"

    @property
    def meaningful(self) -> bool:
        """What may not be dropped without the user saying so."""
        return self in (Looks.AMOUNTS, Looks.DATES, Looks.PHONES)


@dataclass(frozen=True)
class Sniffed:
    looks: Looks
    examples: tuple[str, ...]  # a few values as written
    filled: int  # non-empty cells among those looked at


_ZEROS = ("0", "0.0", "0.00", "¥0.00")
_ZERO_TEXT = re.compile(r"[¥￥]?\s*0+(?:\.0+)?\s*元?")
_TIME_WORDS = ("时间", "日期", "日", "月份", "年月")
_MOBILE_LIKE = re.compile(r"(?:\+?86)?1[3-9]\d{9}(?:\.0+)?")


def _kind(value: object, dated_header: bool) -> Looks:
    if isinstance(value, datetime | date):
        return Looks.DATES
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _MOBILE_LIKE.fullmatch(cell_text(value)):
            return Looks.PHONES
        if dated_header:
            try:
                local_datetime(value)
                return Looks.DATES
            except ValueError:
                pass
        return Looks.ZERO if value == 0 else Looks.AMOUNTS
    text = cell_text(value)
    compact = re.sub(r"[\s\-]", "", text)
    if _MOBILE_LIKE.fullmatch(compact) or SCIENTIFIC.fullmatch(compact) and compact.startswith("1.3"):
        return Looks.PHONES
    try:
        parse_phone(text)
        if not re.fullmatch(r"\d{1,9}(?:\.\d+)?", compact):
            return Looks.PHONES
    except ValueError:
        pass
    if re.search(r"(?:19|20)\d{2}[-/.年]\d{1,2}", text) or (dated_header and re.fullmatch(r"\d{5}(?:\.\d+)?", text)):
        try:
            local_datetime(text)
            return Looks.DATES
        except ValueError:
            # A month or a range; "2026.01" alone reads as an amount, so a month needs 年, - or /.
            if re.fullmatch(r"(?:19|20)\d{2}[-/年]\d{1,2}月?", text) or "~" in text or "至" in text:
                return Looks.DATES
    try:
        return Looks.ZERO if parse_yuan_fen(text) == 0 else Looks.AMOUNTS
    except ValueError:
        return Looks.TEXT


def _is_zero(value: object) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value == 0
    return _ZERO_TEXT.fullmatch(cell_text(value)) is not None


def sniff(values: list[object], header: str = "") -> Sniffed:
    """Classify the values of one column (blank cells and placeholders such as "--" do not count). The kind is
    judged on a sample; "empty" and "all zero" are checked on every cell, since one late value would matter."""
    dated_header = any(word in header for word in _TIME_WORDS)
    filled = [v for v in values if not is_blank(v)]
    if not filled:
        return Sniffed(Looks.EMPTY, (), 0)
    sample = filled[:SAMPLE]
    kinds = Counter(_kind(v, dated_header) for v in sample)
    examples = tuple(dict.fromkeys(cell_text(v) for v in filled if cell_text(v) not in _ZEROS))[:3]
    for looks in (Looks.PHONES, Looks.DATES):
        if kinds[looks] >= SHARE * len(sample):
            return Sniffed(looks, examples, len(filled))
    if kinds[Looks.AMOUNTS] + kinds[Looks.ZERO] >= SHARE * len(sample):
        all_zero = all(_is_zero(v) for v in filled)
        return Sniffed(Looks.ZERO if all_zero else Looks.AMOUNTS, examples, len(filled))
    return Sniffed(Looks.TEXT, examples, len(filled))
