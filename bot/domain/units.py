"""Unit (房号) recognition and the canonical form the bot shows and stores.

Owners write the same flat many ways: 3栋2单元1502, 3号楼2单元1502室, 3-2-1502, 3#楼2门1502, 三号楼二单元一五零二,
3棟2單元1502, 3动2单元1502 (a pinyin slip for 栋). The rules: ``tests/tables/units.yml``.
The canonical form is ``<building>栋[<entrance>单元]<room>`` with lettered towers as ``A座``.
"""

import re

from bot.domain.chinese_text import normal_form
from bot.domain.numerals import NUMERAL_CHARS, parse_chinese_number, parse_digit_string

_NUM = rf"(?:\d{{1,4}}|[{NUMERAL_CHARS}]{{1,8}})"
# 号楼, 栋, 幢, 座, #楼, #, and 动/洞 (pinyin slips for 栋); 楼 alone only when an entrance follows (3楼301 is a floor).
_BUILDING_UNIT = re.compile(
    rf"(?<![\d{NUMERAL_CHARS}])(?P<building>[A-Za-z](?![A-Za-z])|{_NUM})"
    r"(?P<kind>号楼|#楼|栋|幢|座|号|#|动|洞|楼)"
    rf"(?:(?P<entrance>{_NUM})(?:单元|门|-))?"
    rf"(?P<room>{_NUM})(?:室|号|房)?"
)
_DASHED = re.compile(
    r"(?<![\d\-A-Za-z])(?P<building>\d{1,3}|[A-Za-z])-(?:(?P<entrance>\d{1,2})-)?(?P<room>\d{3,4})(?![\d\-])"
)


def _room(token: str) -> str | None:
    """1502, 一五零二 (read digit by digit) or 一千五百零二 (read as a number): three or four digits."""
    digits = token if token.isdigit() else parse_digit_string(token)
    if digits is None:
        value = parse_chinese_number(token)
        digits = str(value) if value is not None else None
    return digits if digits and 3 <= len(digits) <= 4 else None


def _small(token: str | None) -> int | None:
    if token is None:
        return None
    value = parse_chinese_number(token)
    return value if value is not None and 0 < value < 1000 else None


def _canonical(building: str, entrance: str | None, room: str) -> str | None:
    room_digits = _room(room)
    if room_digits is None:
        return None
    if building.isalpha() and building.isascii():
        tower = f"{building.upper()}座"
    elif (number := _small(building)) is not None:
        tower = f"{number}栋"
    else:
        return None
    if entrance is None:
        return f"{tower}{room_digits}"
    entrance_number = _small(entrance)
    return f"{tower}{entrance_number}单元{room_digits}" if entrance_number else None


def normalize_unit(text: str) -> str | None:
    """The canonical unit found in ``text``, or None when there is none."""
    text = re.sub(r"\s+", "", normal_form(text))
    for match in _BUILDING_UNIT.finditer(text):
        if match["kind"] == "楼" and not match["entrance"]:
            continue  # 3楼301: a floor and a room, no building
        if match["kind"] == "号" and match["building"].isdigit() and not match["entrance"]:
            continue  # 15号1502 is not a way owners write a unit; 5号3单元502 is
        if label := _canonical(match["building"], match["entrance"], match["room"]):
            return label
    if match := _DASHED.search(text):
        return _canonical(match["building"], match["entrance"], match["room"])
    return None
