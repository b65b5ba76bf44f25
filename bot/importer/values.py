"""Parse money, areas, phones and free text from spreadsheet cells. Each parser returns the value or raises
ValueError with a message staff can act on (the value is quoted so they can find it)."""

import re
import unicodedata
from decimal import Decimal

MAX_AMOUNT_YUAN = 10_000_000  # no single fee or payment is this large; a bigger number is a slipped decimal point
MAX_AREA_SQM = Decimal(100_000)

# Thousands separators must be real groups: "12,30" may be a European 12.30, so it is refused, not guessed.
_YUAN = re.compile(r"(?P<minus>-)?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d{1,2}))?")
_AREA = re.compile(r"\d+(?:\.\d{1,2})?")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_yuan_fen(text: str) -> int:
    """``"¥1,234.50"`` → 123450 fen."""
    cleaned = re.sub(r"[\s¥元]", "", _nfkc(text).replace("RMB", ""))
    match = _YUAN.fullmatch(cleaned)
    if not match:
        raise ValueError(f"'{text}' 不是有效金额（应为元，最多两位小数，如 1234.50）")
    if match["minus"]:
        raise ValueError(f"'{text}' 是负数，金额不能为负")
    fen = int(match["whole"].replace(",", "")) * 100 + int((match["fraction"] or "").ljust(2, "0"))
    if fen > MAX_AMOUNT_YUAN * 100:
        raise ValueError(f"'{text}' 超过 {MAX_AMOUNT_YUAN:,} 元，不像真实金额")
    return fen


def parse_area(text: str) -> Decimal:
    """``"89.5㎡"`` → Decimal("89.5")."""
    cleaned = re.sub(r"(m2|平方米|平米|平)$", "", _nfkc(text).replace(" ", ""))
    if not _AREA.fullmatch(cleaned):
        raise ValueError(f"'{text}' 不是有效面积（应为平方米数，最多两位小数）")
    area = Decimal(cleaned)
    if area > MAX_AREA_SQM:
        raise ValueError(f"'{text}' 超过 {MAX_AREA_SQM} 平方米，不像真实面积")
    return area


def parse_phone(text: str) -> str:
    """An 11-digit mainland mobile; spaces, dashes and a +86 prefix are tolerated."""
    digits = re.sub(r"[\s\-()]", "", _nfkc(text))
    digits = re.sub(r"^(\+?86)(?=1\d{10}$)", "", digits)
    if not _MOBILE.fullmatch(digits):
        raise ValueError(f"'{text}' 不是11位手机号")
    return digits


def bounded_text(limit: int):
    """A parser for free text that must fit a database column of ``limit`` characters."""

    def parse(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"'{text[:20]}…' 太长（最多 {limit} 个字）")
        return text

    return parse
