"""Parse money, areas, phones, references and free text from spreadsheet cells.

A cell is what the reader gives: text from a CSV, or Excel's own type from an XLSX (int, float, datetime, str).
Each parser returns the value, or raises ValueError with a message staff can act on (the value is quoted so they
can find it). Damage Excel does that can be undone exactly (a phone stored as a number) is undone and reported
through ``Repair``; damage that lost information (scientific notation) is an error saying how to export again.
"""

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum

MAX_AMOUNT_YUAN = 10_000_000  # no single fee or payment is this large; a bigger number is a slipped decimal point
MAX_AREA_SQM = Decimal(100_000)
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number; longer ids typed as numbers are already cut

# Cells that mean "nothing here" in exports (Java's null, dashes in report cells).
PLACEHOLDERS = frozenset({"-", "--", "---", "—", "——", "/", "\\", "无", "null", "NULL", "Null", "None", "none", "N/A",
                          "n/a", "#N/A", "nan", "NaN", "空"})
# Thousands separators must be real groups: "12,30" may be a European 12.30, so it is refused, not guessed.
_YUAN = re.compile(r"(?P<minus>-)?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?")
_AREA = re.compile(r"\d+(?:\.\d{1,4})?")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0(?:10|2\d|[3-9]\d{2})\d{7,8}")
# Excel writes long numbers as 2.02611E+17 once the column is not text; the digits after the sixth are gone.
SCIENTIFIC = re.compile(r"[-+]?\d(?:\.\d+)?[eE][+-]?\d+")
_FLOAT_TAIL = re.compile(r"(\d+)\.0+")
EXPORT_AS_TEXT = ("请在原系统重新导出，或在 Excel 中先把这一列设为“文本”格式再粘贴/另存，"
                  "不要用 Excel 直接打开 CSV 后保存")


class Repair(StrEnum):
    """Excel damage undone without loss; the report says how to export so it does not happen again."""

    NUMBER_AS_TEXT = "号码被存成了数字，已还原为原来的号码（导出或另存时把这一列设为“文本”可避免）"
    DATE_AS_SERIAL = "日期变成了 Excel 的日期序号，已换算成日期（导出或另存时把这一列设为“日期”或“文本”可避免）"
    MANY_PHONES = "一格里有几个电话，只保存第一个"
    EXCLUSIVE_END = "结束时间是下一期的第一天（不含当天），已按前一天记账"
    RANGE_FROM_MONTHS = "开始/结束写的是月份，按整月记账"


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        stripped = value.strip()
        return not stripped or stripped in PLACEHOLDERS
    return False


def cell_text(value: object) -> str:
    """A cell as the text staff see in the spreadsheet (numbers without Excel's binary noise)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        # Formulas leave binary noise (217.50000000000003); ten places drops the noise but keeps real precision.
        return str(int(value)) if value.is_integer() else f"{value:.10f}".rstrip("0").rstrip(".")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_yuan_fen(value: object) -> int:
    """``"¥1,234.50"`` (or Excel's 1234.5) → 123450 fen. More than two decimals is refused unless they are zeros."""
    if isinstance(value, bool):
        raise ValueError(f"'{value}' 不是有效金额")
    text = cell_text(value) if not isinstance(value, str) else value
    cleaned = re.sub(r"[\s¥￥元]", "", _nfkc(text).replace("RMB", "").replace("CNY", ""))
    match = _YUAN.fullmatch(cleaned)
    if not match:
        if SCIENTIFIC.fullmatch(cleaned):
            raise ValueError(f"'{text}' 是 Excel 的科学计数法，金额已看不清；{EXPORT_AS_TEXT}")
        raise ValueError(f"'{text}' 不是有效金额（应为元，最多两位小数，如 1234.50）")
    if match["minus"]:
        raise ValueError(f"'{text}' 是负数，金额不能为负（退款请在原系统冲正后再导出）")
    fraction = (match["fraction"] or "").rstrip("0") if len(match["fraction"] or "") > 2 else (match["fraction"] or "")
    if len(fraction) > 2:
        raise ValueError(f"'{text}' 不是有效金额（应为元，最多两位小数，如 1234.50）")
    fen = int(match["whole"].replace(",", "")) * 100 + int(fraction.ljust(2, "0"))
    if fen > MAX_AMOUNT_YUAN * 100:
        raise ValueError(f"'{text}' 超过 {MAX_AMOUNT_YUAN:,} 元，不像真实金额")
    return fen


def parse_area(value: object) -> Decimal:
    """``"89.5㎡"`` (or 89.5) → Decimal("89.50"), to the hundredth as the unit table keeps it."""
    text = cell_text(value)
    cleaned = re.sub(r"(m2|m²|㎡|平方米|平米|平)$", "", _nfkc(text).replace(" ", ""))
    if not _AREA.fullmatch(cleaned):
        raise ValueError(f"'{text}' 不是有效面积（应为平方米数，如 89.50）")
    try:
        area = Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"'{text}' 不是有效面积") from None
    if area > MAX_AREA_SQM:
        raise ValueError(f"'{text}' 超过 {MAX_AREA_SQM} 平方米，不像真实面积")
    return area


def parse_phone(value: object) -> tuple[str, Repair | None]:
    """A mainland mobile (11 digits) or a landline with its area code, as digits; spaces, dashes and +86 are
    tolerated. Phones that Excel turned into numbers are restored; ones that lost digits are refused."""
    repair = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"'{value}' 不是电话号码")
        value, repair = str(int(value)), Repair.NUMBER_AS_TEXT
    text = _nfkc(str(value))
    parts = [p for p in re.split(r"[,，;；/、|]|\s{2,}", text) if p.strip()]
    if len(parts) > 1:
        text, repair = parts[0].strip(), Repair.MANY_PHONES
    if SCIENTIFIC.fullmatch(text.replace(" ", "")):
        raise ValueError(f"'{value}' 是 Excel 的科学计数法，电话号码后几位已经丢失；{EXPORT_AS_TEXT}")
    if (tail := _FLOAT_TAIL.fullmatch(text)) is not None:
        text, repair = tail[1], Repair.NUMBER_AS_TEXT
    digits = re.sub(r"[\s\-()（）]", "", text)
    digits = re.sub(r"^(?:\+?86)(?=1\d{10}$)", "", digits)
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits, repair
    if re.fullmatch(r"\d{9,11}", digits) and _LANDLINE.fullmatch("0" + digits):
        raise ValueError(f"'{value}' 像是开头的 0 被 Excel 去掉了的固定电话（应为 0{digits}）；{EXPORT_AS_TEXT}")
    if re.fullmatch(r"1\d{9}", digits):
        raise ValueError(f"'{value}' 只有10位，手机号应为11位")
    raise ValueError(f"'{value}' 不是11位手机号，也不是带区号的固定电话")


def parse_reference(value: object) -> tuple[str, Repair | None]:
    """A payment's own number (流水号, 订单号), kept as text. Excel's scientific notation has lost the digits that
    told two payments apart, so it is refused rather than reported as a duplicate."""
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 10**EXCEL_DIGITS:
            raise ValueError(f"'{cell_text(value)}' 是存成数字的长号码，Excel 只保留15位，后几位已经丢失；"
                             f"{EXPORT_AS_TEXT}")
        return str(int(value)), Repair.NUMBER_AS_TEXT
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**EXCEL_DIGITS and str(value).endswith("000"):
            raise ValueError(f"'{value}' 是存成数字的长号码，Excel 只保留15位，后几位已经变成0；{EXPORT_AS_TEXT}")
        return str(value), None
    text = cell_text(value)
    if SCIENTIFIC.fullmatch(text):
        raise ValueError(f"'{text}' 是 Excel 的科学计数法，原来的号码已经丢失，无法分辨不同的缴费；{EXPORT_AS_TEXT}")
    repair = None
    if (tail := _FLOAT_TAIL.fullmatch(text)) is not None and len(tail[1]) >= 6:
        text, repair = tail[1], Repair.NUMBER_AS_TEXT
    if len(text) > 64:
        raise ValueError(f"'{text[:20]}…' 太长（最多 64 个字）")
    return text, repair


def bounded_text(limit: int):
    """A parser for free text that must fit a database column of ``limit`` characters."""

    def parse(value: object) -> str:
        text = cell_text(value)
        if len(text) > limit:
            raise ValueError(f"'{text[:20]}…' 太长（最多 {limit} 个字）")
        return text

    return parse
