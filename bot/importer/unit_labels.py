"""Canonical unit labels, kinds and phases from a file's cells: one unit column (3-2-1502, 车位B区304), or split
楼栋 / 单元(区域) / 房屋(门牌号) columns with an optional 资产类型 and 期.

Labels are exactly what ``bot.domain.units.normalize_unit`` gives for them, so an owner who types the unit finds
it; the phase is kept apart (``Unit.phase``) for the same reason.
"""

import re
import unicodedata
from dataclasses import dataclass

from bot.db.models import UnitKind
from bot.domain.numerals import parse_small_number
from bot.domain.units import normalize_unit
from bot.importer.vocab import KIND_WORD, UNIT_KINDS, word_key

_HINT = "应类似 3栋2单元1502、3-2-1502 或 车位B区304"
_ENTRANCE_ROOM = re.compile(r"(?P<entrance>\d{1,2})-(?P<room>\d{3,4})")
_BUILDING = re.compile(r"(?P<name>[A-Z]|\d{1,3})(?:号楼|栋|幢|座|号|楼)?")
_PHASE = re.compile(r"第?(?P<number>[一二三四五六七八九十\d]{1,3})期(?:工程)?")
_ZONE_SHAPE = re.compile(r"[A-Z0-9一二三四五六七八九十东南西北中地下负]{1,5}(?:区|单元|层)")
_NUMBER = re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,10}[A-Z0-9])?")
# A parking fee row whose 房号 is the car and the owner's rooms: 京A12345(1-1-1001-/2-1-502-).
_IN_BRACKETS = re.compile(r"[(（]([^()（）]+)[)）]")
_PLATE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z][A-Z0-9]{4,6}")
MAX_PHASE_LENGTH = 16


@dataclass(frozen=True, slots=True)
class UnitAddress:
    kind: UnitKind
    phase: str  # canonical ("2期"), "" when the file has none
    building: str | None  # canonical ("12栋", "A座"), None for units in no building
    label: str  # canonical, without the phase


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace(" ", "").replace("\u3000", "").upper()


def canonical_phase(text: str) -> str:
    """``二期``, ``第2期``, ``2`` → ``2期``; other names of a phase or 园区 (东区, A区) are kept as written."""
    cleaned = _clean(text)
    if not cleaned:
        return ""
    if (match := _PHASE.fullmatch(cleaned)) is not None:
        value = parse_small_number(match["number"])
        if value:
            return f"{value}期"
    if cleaned.isdigit():
        return f"{int(cleaned)}期"
    if len(cleaned) > MAX_PHASE_LENGTH:
        raise ValueError(f"'{text}' 太长，不像期数或园区编号（最多 {MAX_PHASE_LENGTH} 个字）")
    return cleaned


def unit_kind(text: str) -> UnitKind:
    found = UNIT_KINDS.get(word_key(text))
    if found is None:
        raise ValueError(f"'{text}' 不是可识别的资产类型（可用：住宅、商铺、车位、车库、储藏室 等）")
    return found


def building_name(text: str) -> str | None:
    """``12号楼`` / ``12`` → ``12栋``, ``a`` / ``A座`` → ``A座``; None when the cell is empty."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    match = _BUILDING.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"'{text}' 不是可识别的楼栋（应类似 3栋、3号楼、A座）")
    name = match["name"]
    return f"{name}座" if name.isalpha() else f"{int(name)}栋"


def building_of(label: str) -> str | None:
    """The building part of a canonical label: ``3栋2单元1502`` → ``3栋``, ``车位B区304`` → None."""
    if label.startswith(tuple(KIND_WORD.values())):
        match = re.match(r"^(?:商铺|车位|车库|储藏室)(\d{1,3}栋|[A-Z]座)", label)
        return match[1] if match else None
    match = re.match(r"^(\d{1,3}栋|[A-Z]座)", label)
    if match is None:  # normalize_unit only produces these shapes
        raise ValueError(f"not a canonical unit label: {label!r}")
    return match[1]


def kind_of(label: str) -> UnitKind:
    return next((kind for kind, word in KIND_WORD.items() if label.startswith(word)), UnitKind.FLAT)


def unit_from_text(text: str, kind: UnitKind | None = None, phase: str = "") -> UnitAddress:
    """One unit column. A kind column (资产类型) turns a bare number into that kind (车位 + B-304)."""
    cleaned = _clean(text)
    if kind not in (None, UnitKind.FLAT) and not cleaned.startswith(KIND_WORD[kind]):
        cleaned = KIND_WORD[kind] + cleaned
    label = normalize_unit(cleaned)
    if label is None and (inside := _IN_BRACKETS.search(cleaned)) is not None:
        rooms = [r for r in re.split(r"[/、,]", inside[1]) if r.strip("-")]
        labels = {normalize_unit(r.strip("-")) for r in rooms}
        if len(labels) == 1 and None not in labels:
            label = labels.pop()
    if label is None:
        if _PLATE.match(cleaned):
            raise ValueError(f"'{text}' 是车牌号：按车收费的行需要 车位 列，或在括号里写业主的房号")
        raise ValueError(f"'{text}' 不是可识别的房号（{_HINT}）")
    found = kind_of(label)
    if kind is not None and found is not kind and not (kind is UnitKind.FLAT and found is UnitKind.FLAT):
        raise ValueError(f"'{text}' 是{KIND_WORD.get(found, '住宅')}，与资产类型不一致")
    return UnitAddress(found, phase, building_of(label), label)


def unit_from_parts(building: str, entrance: str, room: str, kind: UnitKind | None = None,
                    phase: str = "") -> UnitAddress:
    """Split columns: ``("3", "2", "1502")``, ``("3号楼", "2单元", "1502室")``, ``("", "B", "304", 车位)``."""
    building, entrance, room = _clean(building), _clean(entrance), _clean(room)
    if kind in (None, UnitKind.FLAT):
        # 房号 "2-1502" is entrance and room (normalize_unit alone would read 2栋1502), never the whole unit.
        repeated = None if _ENTRANCE_ROOM.fullmatch(room) else normalize_unit(room)
        if (whole := repeated) is not None and kind_of(whole) is UnitKind.FLAT:
            return UnitAddress(UnitKind.FLAT, phase, building_of(whole), whole)  # the 房号 column repeats the unit
        return _flat(building, entrance, room, phase)
    return _other_kind(kind, building, entrance, room, phase)


def _flat(building: str, entrance: str, room: str, phase: str) -> UnitAddress:
    if not entrance and (split := _ENTRANCE_ROOM.fullmatch(room)):  # 房号 "2-1502" carries the entrance
        entrance, room = split["entrance"], split["room"]
    if not building:
        raise ValueError(f"'{room or '（空）'}' 没有楼栋，住宅需要楼栋（{_HINT}）")
    tower = building_name(building)
    entrance = entrance.removesuffix("单元")
    entrance_part = f"{int(entrance)}单元" if entrance.isdigit() else (f"{entrance}单元" if entrance else "")
    room = re.sub(r"(?:室|号|户)$", "", room)
    label = normalize_unit(f"{tower}{entrance_part}{room}")
    if label is None or kind_of(label) is not UnitKind.FLAT:
        shown = " / ".join(p for p in (building, entrance, room) if p) or "（空）"
        raise ValueError(f"'{shown}' 拼不成可识别的房号（{_HINT}）")
    return UnitAddress(UnitKind.FLAT, phase, building_of(label), label)


def _other_kind(kind: UnitKind, building: str, zone: str, number: str, phase: str) -> UnitAddress:
    word = KIND_WORD[kind]
    number = re.sub(r"(?:号车位|车位|号|室)$", "", number.removeprefix(word))
    if not number:
        raise ValueError(f"{word}没有编号")
    tower = building_name(building) if building else ""
    if zone and not _ZONE_SHAPE.fullmatch(zone):  # a number is an entrance (2单元), letters a zone (B区)
        zone = f"{int(zone)}单元" if zone.isdigit() else f"{zone}区" if re.fullmatch(r"[A-Z0-9]{1,4}", zone) else zone
    if zone and not _ZONE_SHAPE.fullmatch(zone):
        raise ValueError(f"'{zone}' 不是可识别的区域（应类似 B区、地下一层、2单元）")
    if not _NUMBER.fullmatch(number):
        raise ValueError(f"'{number}' 不是可识别的{word}编号（应为字母、数字或短横线，如 B-304）")
    label = f"{word}{tower}{zone}{number}"
    if normalize_unit(label) != label:  # keep the owner's way in: what the bot would read back
        raise ValueError(f"'{label}' 拼不成可识别的{word}编号（{_HINT}）")
    return UnitAddress(kind, phase, tower or None, label)
