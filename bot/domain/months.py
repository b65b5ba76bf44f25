"""How many months an owner asks to spread or defer a payment over: 分3个月, 缓两个月, 半年."""

import re
import unicodedata

from bot.domain.numerals import parse_small_number

MAX_PLAN_MONTHS = 12


def parse_plan_months(text: str) -> int | None:
    """Whole months from 1 to 12, or None when the text names none (or an absurd number)."""
    text = unicodedata.normalize("NFKC", text or "").replace(" ", "")
    if "半年" in text:
        return 6
    if re.search(r"(一|1)年", text):
        return 12
    m = re.search(r"(\d{1,3}|[一二两三四五六七八九十]{1,3})(?:个)?月", text) or re.fullmatch(
        r"(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:期|次)?", text
    )
    if not m:
        m = re.search(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:期|次)", text)
    if not m:
        return None
    months = parse_small_number(m.group(1))
    return months if months is not None and 1 <= months <= MAX_PLAN_MONTHS else None
