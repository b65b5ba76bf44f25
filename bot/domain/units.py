"""Unit (房号) recognition and the canonical form the bot shows and stores.

Owners write the same flat many ways: 3栋2单元1502, 3号楼2单元1502室, 3-2-1502, 3幢 2单元 1502.
The canonical form is ``<building>栋[<entrance>单元]<room>`` with lettered towers as ``A座``.
"""

import re
import unicodedata

_BUILDING_UNIT = re.compile(
    r"(?P<building>[A-Za-z]|\d{1,3})\s*(?P<kind>号楼|栋|幢|座|号)\s*"
    r"(?:(?P<entrance>\d{1,2})\s*单元\s*)?(?P<room>\d{3,4})(?:室|号)?"
)
_DASHED = re.compile(r"(?<!\d)(?P<building>\d{1,3})-(?P<entrance>\d{1,2})-(?P<room>\d{3,4})(?!\d)")


def normalize_unit(text: str) -> str | None:
    """The canonical unit found in ``text``, or None when there is none."""
    text = unicodedata.normalize("NFKC", text or "")
    match = _BUILDING_UNIT.search(text) or _DASHED.search(text)
    if not match:
        return None
    building = match["building"].upper()
    entrance = match["entrance"]
    room = match["room"]
    tower = f"{building}座" if building.isalpha() else f"{int(building)}栋"
    entrance_part = f"{int(entrance)}单元" if entrance else ""
    return f"{tower}{entrance_part}{room}"
