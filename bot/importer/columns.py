"""Decide where every column of a table goes, and refuse the file while any meaningful column goes nowhere.

Order of authority for a column: the user's ``--ignore`` / ``--map`` for this import, then the rules remembered
for the community (from earlier ``--map``/``--ignore``), then the header's wording (aliases), then a header that
is a fee item (per-item columns of a 欠费清单). A column nothing claims is looked at: if it holds amounts, dates
or phone numbers the import stops with a message naming it, what it looks like and the two ways out.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.db.models import BillItem
from bot.domain.units import normalize_unit
from bot.importer.headers import (
    IGNORE,
    MONEY_FIELDS,
    MULTI_COLUMN,
    TITLES,
    UNIT_OR_ROOM,
    Field,
    field_by_name,
    known_reason,
    normalise_header,
    recognise,
)
from bot.importer.layout import Table
from bot.importer.sniff import Looks, Sniffed, sniff
from bot.importer.values import cell_text, is_blank, parse_yuan_fen
from bot.importer.vocab import known_item

_UNIT_SAMPLE = 200
_ARREARS_WORDS = ("欠费", "欠款", "欠缴", "催缴", "未缴", "未收", "待缴")
_BILLED_WORDS = ("应收", "应缴", "账单", "收费明细", "费用明细", "计费")
_SUGGEST: dict[Looks, tuple[Field, ...]] = {
    Looks.AMOUNTS: (Field.BILLED, Field.PAID, Field.ARREARS, Field.DISCOUNT, Field.LATE_FEE),
    Looks.DATES: (Field.PERIOD_START, Field.PERIOD_END, Field.PERIOD, Field.PAID_AT, Field.DUE_DATE),
    Looks.PHONES: (Field.PHONE,),
}


class How(StrEnum):
    ALIAS = "按列名"
    MAPPED = "按 --map"
    REMEMBERED = "按本小区上次导入的设置"
    ITEM = "列名是收费项目"
    IGNORED = "按 --ignore"
    KNOWN = "认得的列，不需要导入"
    NOTHING = "没有需要导入的内容"


_PRIORITY = {How.MAPPED: 0, How.REMEMBERED: 1, How.ALIAS: 2, How.ITEM: 3}


@dataclass(frozen=True)
class Mapped:
    index: int
    header: str  # as shown to staff (the header as written, or "第N列（无表头）")
    field: Field
    how: How
    item: BillItem | None = None  # per-item columns: the item the header names
    note: str = ""


@dataclass(frozen=True)
class Ignored:
    index: int
    header: str
    reason: str
    how: How


@dataclass(frozen=True)
class Problem:
    """Something about the columns that stops the import; ``message`` says what to do."""

    header: str
    message: str
    index: int = 10_000  # the column's position, for listing problems left to right; file-level ones last


@dataclass
class ColumnPlan:
    mapped: list[Mapped] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    default_item: BillItem | None = None  # no item column: every amount is this item
    per_item: tuple[Field, str] | None = None  # per-item columns are this field, and why
    width: int = 0

    def columns(self, fld: Field) -> list[Mapped]:
        return [m for m in self.mapped if m.field is fld and m.item is None]

    def index(self, fld: Field) -> int | None:
        found = self.columns(fld)
        return found[0].index if found else None

    def has(self, fld: Field) -> bool:
        return any(m.field is fld for m in self.mapped)

    def label(self, fld: Field) -> str:
        found = [m for m in self.mapped if m.field is fld]
        return found[0].header if found else TITLES[fld]

    @property
    def item_columns(self) -> list[Mapped]:
        return [m for m in self.mapped if m.item is not None]

    def position(self, header: str) -> int:
        """Left-to-right order of a column, for sorting errors as staff walk the sheet."""
        return next((m.index for m in [*self.mapped, *self.ignored] if m.header == header), self.width)


@dataclass(frozen=True)
class UserRules:
    """What the user said for this import, and what was remembered for the community."""

    mapped: Mapping[str, str] = field(default_factory=dict)  # header (as written or normalised) → field or "ignore"
    ignored: frozenset[str] = frozenset()
    remembered: Mapping[str, str] = field(default_factory=dict)  # normalised header → field or "ignore"


@dataclass
class _Candidate:
    index: int
    header: str
    spelling: str
    field: Field
    how: How
    item: BillItem | None = None
    or_room: bool = False


def _shown(header: str, index: int) -> str:
    return header or f"第{index + 1}列（无表头）"


def _column_values(table: Table, index: int) -> list[object]:
    return [row.cells[index] if index < len(row.cells) else None for row in table.rows]


def plan_columns(table: Table, rules: UserRules, company_items: Mapping[str, BillItem], community_code: str | None,
                 context: str) -> ColumnPlan:
    width = max([len(table.header), *(len(row.cells) for row in table.rows[:1000])], default=0)
    plan = ColumnPlan(width=width)
    headers = [table.header[i] if i < len(table.header) else "" for i in range(width)]
    user_map = {normalise_header(k): v for k, v in rules.mapped.items()}
    user_ignore = {normalise_header(k) for k in rules.ignored}
    _check_user_rules(plan, headers, user_map, user_ignore)
    candidates: list[_Candidate] = []
    unknown: list[int] = []
    for index, written in enumerate(headers):
        spelling, shown = normalise_header(written), _shown(written, index)
        target = user_map.get(spelling)
        how = How.MAPPED
        if spelling in user_ignore or (target is None and rules.remembered.get(spelling) == IGNORE):
            plan.ignored.append(Ignored(index, shown, "用户指定不导入", How.IGNORED if spelling in user_ignore
                                        else How.REMEMBERED))
            continue
        if target is None and spelling in rules.remembered:
            target, how = rules.remembered[spelling], How.REMEMBERED
        if target == IGNORE:
            plan.ignored.append(Ignored(index, shown, "用户指定不导入", How.IGNORED))
            continue
        if target is not None:
            fld = field_by_name(target)
            item = known_item(spelling, company_items)
            if fld in (Field.BILLED, Field.ARREARS) and item is not None:  # 物业费=arrears: a per-item column
                candidates.append(_Candidate(index, shown, spelling, fld, how, item))
            elif fld is not None:
                candidates.append(_Candidate(index, shown, spelling, fld, how))
            continue
        if spelling in UNIT_OR_ROOM:
            candidates.append(_Candidate(index, shown, spelling, Field.UNIT, How.ALIAS, or_room=True))
        elif (fld := recognise(spelling)) is not None:
            candidates.append(_Candidate(index, shown, spelling, fld, How.ALIAS))
        elif (item := known_item(spelling, company_items)) is not None:
            candidates.append(_Candidate(index, shown, spelling, Field.BILLED, How.ITEM, item))
        elif (reason := known_reason(spelling)) is not None:
            plan.ignored.append(Ignored(index, shown, reason.value, How.KNOWN))
        elif not written and not any(v not in (None, "") for v in _column_values(table, index)):
            continue  # trailing empty columns are common in spreadsheets
        else:
            unknown.append(index)
    candidates = _split_or_whole(table, candidates, plan)
    _resolve(table, candidates, plan, context)
    for index in unknown:
        _judge_unclaimed(table, index, _shown(headers[index], index), plan, None)
    _requirements(plan, community_code)
    money = any(plan.has(f) for f in (Field.BILLED, Field.ARREARS, Field.PAID, Field.LATE_FEE))
    if money and not plan.has(Field.ITEM) and not plan.has(Field.ITEM_TYPE) and not plan.item_columns:
        plan.default_item = BillItem.PROPERTY_FEE  # exports of a single fee (the usual 物业费 sheet) have none
    plan.mapped.sort(key=lambda m: m.index)
    plan.problems.sort(key=lambda p: p.index)
    plan.ignored.sort(key=lambda m: m.index)
    return plan


def _check_user_rules(plan: ColumnPlan, headers: list[str], user_map: dict[str, str], user_ignore: set[str]) -> None:
    present = {normalise_header(h) for h in headers}
    for source, target in user_map.items():
        if source not in present:
            shown = "、".join(h for h in headers if h)
            plan.problems.append(Problem(source, f"--map 里的列 '{source}' 不在文件的表头里（表头：{shown}）"))
        elif target != IGNORE and field_by_name(target) is None:
            names = "、".join(f"{f.value}（{t}）" for f, t in TITLES.items())
            plan.problems.append(Problem(source, f"--map '{source}={target}'：没有叫 '{target}' 的字段。可用：{names}"))
    for source in user_ignore - present:
        plan.problems.append(Problem(source, f"--ignore 的列 '{source}' 不在文件的表头里"))


def _split_or_whole(table: Table, candidates: list[_Candidate], plan: ColumnPlan) -> list[_Candidate]:
    """房号 beside 楼栋/单元 columns: the whole unit if its values say so (3-2-1502), else only the room."""
    split_parts = {Field.BUILDING, Field.ENTRANCE, Field.UNIT_KIND}
    has_parts = any(c.field in split_parts for c in candidates)
    result = []
    for candidate in candidates:
        if candidate.field is Field.UNIT and candidate.how is How.ALIAS and has_parts:
            values = [v for v in _column_values(table, candidate.index)[:_UNIT_SAMPLE] if isinstance(v, str) and v]
            whole = sum(1 for v in values if normalize_unit(v) is not None)
            if not values or whole < 0.6 * len(values):
                candidate = _Candidate(candidate.index, candidate.header, candidate.spelling, Field.ROOM, How.ALIAS)
        result.append(candidate)
    if any(c.field is Field.UNIT for c in result):
        for candidate in [c for c in result if c.field in (Field.BUILDING, Field.ENTRANCE) and c.how is How.ALIAS]:
            result.remove(candidate)
            plan.ignored.append(Ignored(candidate.index, candidate.header, "楼栋/单元已包含在整列房号里", How.KNOWN))
    return result


def _resolve(table: Table, candidates: list[_Candidate], plan: ColumnPlan, context: str) -> None:
    by_field: dict[Field, list[_Candidate]] = {}
    for candidate in candidates:
        if candidate.item is None:
            by_field.setdefault(candidate.field, []).append(candidate)
    for fld, group in by_field.items():
        group.sort(key=lambda c: (_PRIORITY[c.how], c.index))
        chosen = group[0]
        plan.mapped.append(Mapped(chosen.index, chosen.header, fld, chosen.how))
        for other in group[1:]:
            if fld in MULTI_COLUMN or (fld in MONEY_FIELDS and other.how is How.MAPPED):
                plan.mapped.append(Mapped(other.index, other.header, fld, other.how, note="与同类列相加"))
            else:
                _judge_unclaimed(table, other.index, other.header, plan, chosen)
    per_item = [c for c in candidates if c.item is not None]
    if per_item:
        _per_item_columns(table, per_item, plan, context)


def _per_item_columns(table: Table, columns: list[_Candidate], plan: ColumnPlan, context: str) -> None:
    """Columns named after fee items (物业费, 停车费 …) hold that item's amount for the row's period: arrears in a
    欠费清单, charges in a 收费明细. The user's --map says which; otherwise the file's own words must."""
    told = {c.field for c in columns if c.how in (How.MAPPED, How.REMEMBERED)}
    if len(told) == 1:
        kind, why = told.pop(), "按 --map"
    elif any(word in context for word in _ARREARS_WORDS) and not any(w in context for w in _BILLED_WORDS):
        kind, why = Field.ARREARS, "文件名/表名/标题写着欠费"
    elif any(word in context for word in _BILLED_WORDS) and not any(w in context for w in _ARREARS_WORDS):
        kind, why = Field.BILLED, "文件名/表名/标题写着应收或账单"
    else:
        kind, why = None, ""
    for column in columns:
        looked = sniff(_column_values(table, column.index), column.spelling)
        if looked.looks is not Looks.AMOUNTS:
            reason = f"按收费项目分列，但{looked.looks.value}"
            plan.ignored.append(Ignored(column.index, column.header, reason, How.KNOWN))
        elif kind is None:
            plan.problems.append(Problem(column.header, index=column.index, message=(
                f"列 '{column.header}' 是按收费项目分列的金额（如 {'、'.join(looked.examples)}），"
                f"看不出是欠费还是应收。请说明：--map '{column.spelling}=arrears'（欠费）"
                f"或 --map '{column.spelling}=billed'（应收）；不是账单金额（如单价）就 --ignore '{column.header}'")))
        else:
            plan.mapped.append(Mapped(column.index, column.header, kind, How.ITEM, column.item, note=why))
    if kind is not None:
        plan.per_item = (kind, why)


def _same_values(table: Table, a: int, b: int) -> bool:
    """Two columns that say the same thing in every row (应缴 = 应收): keeping one loses nothing."""
    return all(_comparable(row.cells[a] if a < len(row.cells) else None)
               == _comparable(row.cells[b] if b < len(row.cells) else None) for row in table.rows)


def _comparable(value: object) -> object:
    if is_blank(value):
        return None
    try:
        return parse_yuan_fen(value)
    except ValueError:
        return cell_text(value)


def _judge_unclaimed(table: Table, index: int, header: str, plan: ColumnPlan, twin: _Candidate | None) -> None:
    looked: Sniffed = sniff(_column_values(table, index), normalise_header(header))
    if twin is not None and looked.looks.meaningful and _same_values(table, index, twin.index):
        plan.ignored.append(Ignored(index, header, f"与 '{twin.header}' 每一行都相同，只用一列", How.NOTHING))
        return
    if not looked.looks.meaningful:
        reason = f"与 '{twin.header}' 重复，{looked.looks.value}" if twin else f"没有对应的字段，{looked.looks.value}"
        plan.ignored.append(Ignored(index, header, reason, How.NOTHING))
        return
    examples = "、".join(looked.examples)
    ways = "|".join(f.value for f in _SUGGEST[looked.looks])
    what = f"列 '{header}' 里是{looked.looks.value}（如 {examples}，共 {looked.filled} 格）"
    if twin is not None:
        message = (f"{what}，和 '{twin.header}' 都像是 {TITLES[twin.field]}，数值又不全相同，不能替您选一列丢掉另一列。"
                   f"请用 --map '{header}={twin.field.value}' --ignore '{twin.header}'（或反过来）指定要用的列")
    else:
        message = (f"{what}，没有对应的字段；不能不声不响地丢掉。要导入就用 --map '{header}=<{ways}>'，"
                   f"确实不需要就用 --ignore '{header}'")
    plan.problems.append(Problem(header, message, index))


def _requirements(plan: ColumnPlan, community_code: str | None) -> None:
    def need(message: str) -> None:
        plan.problems.append(Problem("", message))

    has = plan.has
    if not (has(Field.UNIT) or has(Field.ROOM) or has(Field.PARKING_SPACE)):
        need("缺少必需的列：房号（或 楼栋 + 单元 + 房号/门牌号，或 车位）")
    elif has(Field.ROOM) and not has(Field.UNIT) and not (has(Field.BUILDING) or has(Field.UNIT_KIND)):
        need("只有房号/门牌号，没有楼栋或资产类型列，拼不出完整的房号（缺少必需的列：楼栋）")
    money = has(Field.BILLED) or has(Field.ARREARS) or has(Field.LATE_FEE)
    if money and not (has(Field.PERIOD) or has(Field.PERIOD_START)):
        need("有金额列但没有账期：缺少必需的列：账期（或 开始时间 + 结束时间）")
    if has(Field.PAID) and not has(Field.PAID_AT):
        need("有实收金额列但没有缴费时间：缺少必需的列：缴费时间")
    if has(Field.DISCOUNT) and not has(Field.BILLED):
        need("有优惠/减免列但没有应收金额列，算不出应缴多少")
    if not has(Field.COMMUNITY) and not community_code:
        need("缺少小区：文件里没有小区列，请用 --community 指定小区编号")
    useful = (Field.AREA, Field.NAME, Field.PHONE, Field.UNIT_KIND, Field.BILLED, Field.ARREARS, Field.PAID)
    if not any(has(f) for f in useful) and not plan.problems:
        need("除了房号没有可导入的内容：缺少必需的列：面积、业主姓名、电话、应收金额、实收金额或欠费金额（至少一列）")
