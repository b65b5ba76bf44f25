"""Chinese numerals as owners write them: 十五, 二十五, 廿五, 两千三, 一千零五, 壹仟伍佰, and digit by digit (一五零二).

Pure functions; the callers (dates, money, units) decide what the number means.
"""

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9, "幺": 1,
    # Capital numerals (receipts, 大写) and traditional 兩.
    "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7, "捌": 8, "玖": 9,
    "兩": 2,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# 廿 = 二十, 卅 = 三十 (days of the month: 廿五号).
_TENS = {"廿": 20, "卅": 30}
NUMERAL_CHARS = "".join([*_DIGITS, *_SMALL_UNITS, *_LARGE_UNITS, *_TENS])


def parse_small_number(token: str) -> int | None:
    """``"3"``/``"三"``/``"十二"``/``"二十"``/``"廿五"`` → int; None for anything else (days, months, counts)."""
    value = parse_chinese_number(token)
    return value if value is not None and value < 1000 else None


def parse_digit_string(token: str) -> str | None:
    """Digit by digit, as rooms and phones are read out: ``"一五零二"`` → ``"1502"``; None for any other char."""
    token = token.strip()
    if not token:
        return None
    out = []
    for ch in token:
        if ch.isdigit():
            out.append(ch)
        elif ch in _DIGITS:
            out.append(str(_DIGITS[ch]))
        else:
            return None
    return "".join(out)


def _below_ten_thousand(token: str) -> int | None:
    """一千零五, 二十三, 十五, 三百: a number below 10,000 written with place words."""
    if not token:
        return 0
    total, digit, seen_digit = 0, None, False
    for ch in token:
        if ch in _DIGITS:
            if digit is not None and digit != 0 and _DIGITS[ch] != 0:
                return None  # two digits in a row with no place between them (that is digit-by-digit)
            digit = _DIGITS[ch]
            seen_digit = True
        elif ch in _TENS:
            if digit not in (None, 0):
                return None
            total += _TENS[ch]
            digit = None
        elif ch in _SMALL_UNITS:
            total += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch.isdigit():
            return None
        else:
            return None
    if digit:
        total += digit
    if not seen_digit and total == 0 and not any(ch in _SMALL_UNITS or ch in _TENS for ch in token):
        return None
    return total


def parse_chinese_number(token: str) -> int | None:
    """A whole number in Arabic digits or Chinese numerals with place words: ``"1500"``, ``"一千五百"``,
    ``"一万二千"``, ``"二十"``, ``"廿五"``, ``"一千零五"``. No colloquial tails (两千三 is money's business,
    ``bot.domain.money``). Digit strings written in Chinese (二零二七) are read digit by digit."""
    token = token.strip()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if len(token) > 1 and all(ch in _DIGITS for ch in token):
        digits = parse_digit_string(token)
        return int(digits) if digits else None
    total = 0
    rest = token
    for unit_char, unit in sorted(_LARGE_UNITS.items(), key=lambda item: -item[1]):
        if unit_char in rest:
            head, _, rest = rest.partition(unit_char)
            head_value = _below_ten_thousand(head) if head else 1
            if head_value is None:
                return None
            total += head_value * unit
    tail = _below_ten_thousand(rest) if rest else 0
    if tail is None:
        return None
    value = total + tail
    return value if value or "零" in token else (0 if token in ("零", "〇") else None)
