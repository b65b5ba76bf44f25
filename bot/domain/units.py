"""Unit (房号) recognition and the canonical form the bot shows and stores.

Owners write the same flat many ways: 3栋2单元1502, 3号楼2单元1502室, 3-2-1502, 3#楼2门1502, 三号楼二单元一五零二,
3棟2單元1502, 3动2单元1502 (a pinyin slip for 栋). The rules: ``tests/tables/units.yml``.
The canonical form is ``<building>栋[<entrance>单元]<room>`` with lettered towers as ``A座``.
Shops, parking spaces, garages and storerooms start with their kind and may have no building:
``车位B区304``, ``车库E区102``, ``储藏室3栋2单元15``, ``商铺D区506``, ``商铺1栋101`` (see ``_OTHER_KIND``).
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

# Units that are not flats: a kind word, then an optional building and zone, then a number with a digit in it
# (地下车库B区 is a place, not a unit).
_OTHER_KIND = re.compile(
    r"(?P<kind>商铺|车位|车库|储藏室)\s*"
    r"(?:(?P<building>[A-Z]|\d{1,3})\s*(?P<building_kind>号楼|栋|幢|座)\s*)?"
    r"(?P<zone>[A-Z0-9一二三四五六七八九十东南西北中地下负]{1,5}(?:区|单元|层))?\s*"
    r"(?P<number>(?=[A-Z0-9-]*\d)[A-Z0-9](?:[A-Z0-9-]{0,10}[A-Z0-9])?)(?:号|室)?(?![A-Z0-9区层])"
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
    flat = _flat(text)
    other = _OTHER_KIND.search(text.upper())
    if other and (flat is None or other.start() <= flat[1]):
        return _other_kind_label(other)
    return flat[0] if flat else None


def _flat(text: str) -> tuple[str, int] | None:
    """The first flat in ``text`` and where it starts."""
    for match in _BUILDING_UNIT.finditer(text):
        if match["kind"] == "楼" and not match["entrance"]:
            continue  # 3楼301: a floor and a room, no building
        if match["kind"] == "号" and match["building"].isdigit() and not match["entrance"]:
            continue  # 15号1502 is not a way owners write a unit; 5号3单元502 is
        if label := _canonical(match["building"], match["entrance"], match["room"]):
            return label, match.start()
    if (match := _DASHED.search(text)) and (label := _canonical(match["building"], match["entrance"], match["room"])):
        return label, match.start()
    return None


def _other_kind_label(match: re.Match) -> str:
    building = ""
    if match["building"]:
        building = f"{match['building']}座" if match["building"].isalpha() else f"{int(match['building'])}栋"
    return f"{match['kind']}{building}{match['zone'] or ''}{match['number']}"
