"""Canonical unit labels from a file's unit column, or from separate 楼栋 / 单元 / 房号 columns."""

import re
import unicodedata

from bot.domain.units import normalize_unit

_HINT = "应类似 3栋2单元1502 或 3-2-1502"
_ENTRANCE_ROOM = re.compile(r"(?P<entrance>\d{1,2})-(?P<room>\d{3,4})")
_BUILDING_OF_LABEL = re.compile(r"^(\d{1,3}栋|[A-Z]座)")


def unit_from_text(text: str) -> str:
    label = normalize_unit(text)
    if label is None:
        raise ValueError(f"'{text}' 不是可识别的房号（{_HINT}）")
    return label


def unit_from_parts(building: str, entrance: str, room: str) -> str:
    """``("3", "2", "1502")``, ``("3号楼", "2单元", "1502室")`` or ``("A", "", "1502")`` → canonical label."""
    building, entrance, room = (unicodedata.normalize("NFKC", p).replace(" ", "") for p in (building, entrance, room))
    split = _ENTRANCE_ROOM.fullmatch(room)
    if not split and normalize_unit(room):  # some exports repeat the whole unit in the 房号 column
        return unit_from_text(room)
    if not entrance and split:  # 房号 "2-1502" carries the entrance (normalize_unit would read it as 2栋1502)
        entrance, room = split["entrance"], split["room"]
    if re.fullmatch(r"\d{1,3}", building):
        building += "栋"
    elif re.fullmatch(r"[A-Za-z]", building):
        building += "座"
    entrance = entrance.removesuffix("单元")
    entrance_part = f"{entrance}单元" if entrance else ""
    label = normalize_unit(f"{building}{entrance_part}{room}")
    if label is None:
        shown = " / ".join(p for p in (building, entrance, room) if p) or "（空）"
        raise ValueError(f"'{shown}' 拼不成可识别的房号（{_HINT}）")
    return label


def building_of(label: str) -> str:
    """The building part of a canonical label: ``3栋2单元1502`` → ``3栋``, ``A座1502`` → ``A座``."""
    match = _BUILDING_OF_LABEL.match(label)
    if match is None:  # normalize_unit only produces these two shapes
        raise ValueError(f"not a canonical unit label: {label!r}")
    return match[1]
