"""Money is integer fen everywhere; yuan only at the edges (parsing what owners type, showing amounts).

Owners write amounts as 1500元, ¥1,500, 2.3k, 1.5w, 1万2, 两千三, 一千五百块, 3块5, 五毛, 壹仟伍佰元整 (the rules:
``tests/tables/amounts.yml``). A bare number is money only where the words make it so (交了1500, 还欠2400,
物业费3600, or a message that is only a number); rooms, phone numbers, dates, floors, areas and counts are not.
"""

import re

from bot.domain.chinese_text import normal_form
from bot.domain.numerals import parse_chinese_number

_CN = "零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_DIGIT = "一二两三四五六七八九"
_AMOUNT = re.compile(
    r"(?P<currency>[¥￥]|rmb|人民币)?"
    rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN}]+)"
    r"(?P<magnitude>[kw万千])?"
    rf"(?P<tail>\d(?![\d,.])|[{_CN_DIGIT}](?![{_CN}]))?"
    r"(?P<yuan>块钱|元|块|圆)?"
    rf"(?:(?P<jiao>\d|[{_CN_DIGIT}])(?P<jiao_word>毛钱|毛|角)?)?"
    r"(?P<only_jiao>毛钱|毛|角)?",
    re.IGNORECASE,
)
# Numbers that are something else, blanked out before amounts are looked for.
_NOT_MONEY = [
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),  # a mobile number
    re.compile(r"(?<![a-z])(?!rmb)[a-z]+[\d\-]+", re.IGNORECASE),  # GR20261126-0007, B2-105
    re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"),  # 2026-12-01
    re.compile(rf"[\d{_CN}]+(?:年|月|号|日|个|次|天|平|楼|层|栋|幢|座|单元|户|人|位|期|岁|套|间|室|周|星期|小时|分钟|点|成|折)"),
    re.compile(r"(?<!\d)\d{1,3}-\d{1,2}-\d{3,4}(?!\d)|(?<!\d)\d{1,3}-\d{3,4}(?!\d)"),  # 3-2-1502, 3-1502
    re.compile(rf"后[{_CN}\d]位[\d{_CN}]*"),  # 手机后四位5678
]
# Words that make a bare number money: 交了1500, 转了1500, 还欠2400, 物业费3600, 一共300.
_MONEY_WORDS = re.compile(r"(?:交|缴|转|付|欠|还|补|退|收|花|费|共|计|差|余额|押金|罚|赔|给)了?(?:我|你们|他们)?$")
_PLACE_THEN_DIGIT = re.compile(rf"^(?P<head>[{_CN}]*?[千百万仟佰])(?P<digit>[{_CN_DIGIT}])$")
_PLACE_VALUE = {"千": 1000, "仟": 1000, "百": 100, "佰": 100, "万": 10_000}


def _cn_digit(ch: str) -> int:
    return parse_chinese_number(ch) if not ch.isdigit() else int(ch)


def _chinese_yuan(token: str) -> int | None:
    """两千三 = 2300 (a digit after 千/百/万 is the next smaller place), 一千零五 = 1005, 壹仟伍佰 = 1500."""
    if m := _PLACE_THEN_DIGIT.match(token):
        head = parse_chinese_number(m["head"])
        if head is None:
            return None
        return head + _cn_digit(m["digit"]) * _PLACE_VALUE[m["head"][-1]] // 10
    return parse_chinese_number(token)


def _arabic_fen(number: str) -> int | None:
    number = number.replace(",", "")
    whole, _, fraction = number.partition(".")
    if len(fraction) > 2 and fraction.rstrip("0")[2:]:
        return None  # not money (1.155) or not a price we can hold anyone to
    return int(whole or 0) * 100 + int((fraction[:2] or "0").ljust(2, "0"))


def _fen(m: re.Match) -> int | None:
    number, magnitude, tail = m["number"], (m["magnitude"] or "").lower(), m["tail"]
    if number[0].isdigit():
        fen = _arabic_fen(number)
        if fen is None:
            return None
        if magnitude:
            scale = 1000 if magnitude in ("k", "千") else 10_000
            fen = fen * scale
            if tail:  # 1万2 = 12000, 2千5 = 2500: the digit is the next smaller place
                fen += _cn_digit(tail) * scale // 10 * 100
        elif tail:
            return None
    else:
        yuan = _chinese_yuan(number + (tail or ""))
        if yuan is None:
            return None
        fen = yuan * 100
    if m["only_jiao"] and not m["yuan"]:
        return fen // 10  # 五毛 = 0.5 元, 5角 = 0.5 元
    if m["jiao"] and m["yuan"]:
        fen += _cn_digit(m["jiao"]) * 10  # 3块5, 三块五毛, 3元5角
    return fen


def _is_money(m: re.Match, text: str) -> bool:
    if m["currency"] or m["yuan"] or m["only_jiao"] or m["magnitude"]:
        return True
    number = m["number"]
    if not number[0].isdigit():
        # 两千三, 八百八十八: a Chinese number with its places; 三 or 十二 alone is not said of money.
        value = _chinese_yuan(number + (m["tail"] or ""))
        return value is not None and value >= 100
    if m.group(0) == text:  # the whole message is a number
        return True
    return bool(_MONEY_WORDS.search(text[: m.start()]))


def parse_amount_fen(text: str) -> int | None:
    """The amount of money ``text`` names, in fen: ``"300元"`` → 30000, ``"两千三"`` → 230000, ``"3块5"`` → 350;
    None when it names none."""
    text = normal_form(text).replace(" ", "").replace("元整", "元")
    for pattern in _NOT_MONEY:
        text = pattern.sub(lambda m: "_" * len(m.group(0)), text)
    for m in _AMOUNT.finditer(text):
        if m.group(0) and _is_money(m, text) and (fen := _fen(m)) is not None:
            return fen
    return None


def format_fen(fen: int) -> str:
    """30000 → ``"300.00元"``; negative amounts (credits) keep their sign."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{rest:02d}元"
