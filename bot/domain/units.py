"""Unit (房号) recognition and the canonical form the bot shows and stores.

Owners write the same flat many ways: 3栋2单元1502, 3号楼2单元1502室, 3-2-1502, 3幢 2单元 1502.
The canonical form is ``<building>栋[<entrance>单元]<room>`` with lettered towers as ``A座``.
Shops, parking spaces, garages and storerooms start with their kind and may have no building:
``车位B区304``, ``车库E区102``, ``储藏室3栋2单元15``, ``商铺D区506``, ``商铺1栋101`` (see ``_OTHER_KIND``).
"""

import re
import unicodedata

_BUILDING_UNIT = re.compile(
    r"(?P<building>[A-Za-z]|\d{1,3})\s*(?P<kind>号楼|栋|幢|座|号)\s*"
    r"(?:(?P<entrance>\d{1,2})\s*单元\s*)?(?P<room>\d{3,4})(?:室|号)?"
)
_DASHED = re.compile(r"(?<!\d)(?P<building>\d{1,3})-(?P<entrance>\d{1,2})-(?P<room>\d{3,4})(?!\d)")
# Units that are not flats: a kind word, then an optional building and zone, then a number with a digit in it
# (地下车库B区 is a place, not a unit).
_OTHER_KIND = re.compile(
    r"(?P<kind>商铺|车位|车库|储藏室)\s*"
    r"(?:(?P<building>[A-Z]|\d{1,3})\s*(?P<building_kind>号楼|栋|幢|座)\s*)?"
    r"(?P<zone>[A-Z0-9一二三四五六七八九十东南西北中地下负]{1,5}(?:区|单元|层))?\s*"
    r"(?P<number>(?=[A-Z0-9-]*\d)[A-Z0-9](?:[A-Z0-9-]{0,10}[A-Z0-9])?)(?:号|室)?(?![A-Z0-9区层])"
)


def normalize_unit(text: str) -> str | None:
    """The canonical unit found in ``text``, or None when there is none."""
    text = unicodedata.normalize("NFKC", text or "")
    match = _BUILDING_UNIT.search(text) or _DASHED.search(text)
    other = _OTHER_KIND.search(text.upper())
    if other and (not match or other.start() <= match.start()):
        return _other_kind_label(other)
    if not match:
        return None
    building = match["building"].upper()
    entrance = match["entrance"]
    room = match["room"]
    tower = f"{building}座" if building.isalpha() else f"{int(building)}栋"
    entrance_part = f"{int(entrance)}单元" if entrance else ""
    return f"{tower}{entrance_part}{room}"


def _other_kind_label(match: re.Match) -> str:
    building = ""
    if match["building"]:
        building = f"{match['building']}座" if match["building"].isalpha() else f"{int(match['building'])}栋"
    return f"{match['kind']}{building}{match['zone'] or ''}{match['number']}"
