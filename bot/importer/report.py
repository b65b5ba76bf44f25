"""What an import did (or, with --dry-run, would do), for the CLI to print and the audit log to keep."""

import re
from dataclasses import asdict, dataclass, field

from bot.importer.columns import ColumnPlan, How
from bot.importer.errors import RowError
from bot.importer.headers import TITLES
from bot.importer.notes import Notes

ERRORS_SHOWN = 60
GROUP_FROM = 4  # this many errors of one kind in one column are shown as one line


@dataclass
class Counts:
    units_created: int = 0
    units_updated: int = 0
    people_created: int = 0
    phones_completed: int = 0  # people imported without a phone whose phone a later file gave
    people_merged: int = 0
    # A person's link to a unit (业主/家属/租户); "updated" means the role changed.
    occupancies_created: int = 0
    occupancies_updated: int = 0
    bills_created: int = 0
    bills_updated: int = 0
    payments_created: int = 0
    payments_updated: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def changed(self) -> int:
        return sum(self.as_dict().values())


@dataclass
class ImportReport:
    file: str
    sheet: str = ""
    header_row: int = 1
    preamble: list[tuple[int, str]] = field(default_factory=list)
    other_sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    total_rows_skipped: int = 0  # 合计 lines at the bottom of exports
    empty_rows_skipped: int = 0  # template rows listing a unit with nothing filled in
    plan: ColumnPlan | None = None
    items: dict[str, tuple[object, str]] = field(default_factory=dict)  # fee name → (item or None, how)
    skipped_items: dict[str, tuple[list[int], int]] = field(default_factory=dict)
    notes: Notes = field(default_factory=Notes)
    errors: list[RowError] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    dry_run: bool = False
    preview: list[str] = field(default_factory=list)  # the first rows as they would be stored
    remembered: list[str] = field(default_factory=list)  # column and item rules saved for the next import

    @property
    def problems(self) -> list:
        return self.plan.problems if self.plan else []

    @property
    def ok(self) -> bool:
        return not self.errors and not self.problems

    @property
    def unknown_columns(self) -> list[str]:
        """Columns that went nowhere (each with its reason in ``plan.ignored``)."""
        return [i.header for i in self.plan.ignored] if self.plan else []

    def summary(self) -> str:
        lines = [self._heading()]
        lines += self._columns()
        if self.problems:
            lines.append(f"导入失败：文件的列有 {len(self.problems)} 个问题，没有写入任何数据。请处理后重新导入：")
            lines += [f"  {p.message}" for p in self.problems]
            return "\n".join(lines)
        lines += self._items()
        if self.notes:
            lines.append("提示（导入时这样处理，请核对）：")
            lines += [f"  {note}" for note in self.notes]
        if self.errors:
            lines.append(f"导入失败：发现 {len(self.errors)} 处错误，没有写入任何数据。请修改后重新导入：")
            lines += [f"  {line}" for line in grouped_errors(self.errors)]
            return "\n".join(lines)
        if self.preview:
            lines.append("前几行将这样保存：")
            lines += [f"  {line}" for line in self.preview]
        lines += self._counts()
        if self.remembered:
            lines.append("已为本小区记住这些设置，下次导入同样的表不必再写：" + "；".join(self.remembered))
        return "\n".join(lines)

    def _heading(self) -> str:
        where = f"（工作表 {self.sheet}）" if self.sheet and self.sheet != self.file else ""
        skipped = []
        if self.total_rows_skipped:
            skipped.append(f"跳过合计行 {self.total_rows_skipped} 行")
        if self.empty_rows_skipped:
            skipped.append(f"跳过只有房号、没填其他内容的行 {self.empty_rows_skipped} 行")
        extra = f"（{'，'.join(skipped)}）" if skipped else ""
        verb = "试导入（不写入）" if self.dry_run else "导入"
        heading = [f"{verb}文件 {self.file}{where}：表头在第{self.header_row}行，读取数据 {self.rows_read} 行{extra}"]
        for number, text in self.preamble:
            heading.append(f"  跳过表头上方的说明/标题（第{number}行）：{text}")
        for name in self.other_sheets:
            heading.append(f"  工作表 '{name}' 也有数据，本次没有导入（用 --sheet '{name}' 导入它）")
        return "\n".join(heading)

    def _columns(self) -> list[str]:
        if self.plan is None:
            return []
        plan = self.plan
        lines = ["列的去向："]
        for m in plan.mapped:
            target = TITLES[m.field] if m.item is None else f"{TITLES[m.field]}（{m.item.value}）"
            how = "" if m.how is How.ALIAS else f"，{m.how.value}"
            note = f"，{m.note}" if m.note else ""
            lines.append(f"  {m.header} → {target}{how}{note}")
        if plan.default_item is not None:
            lines.append(f"  （没有收费项目列：金额都记为 {plan.default_item.value}）")
        if plan.ignored:
            lines.append("不导入的列：")
            lines += [f"  {i.header}：{i.reason}" + ("" if i.how in (How.KNOWN, How.NOTHING) else f"（{i.how.value}）")
                      for i in plan.ignored]
        return lines

    def _items(self) -> list[str]:
        lines = []
        if self.items:
            lines.append("收费项目对照：")
            for name, (item, how) in sorted(self.items.items()):
                shown = item.value if item is not None else "（不认识）"
                lines.append(f"  {name} → {shown}" + (f"（{how}）" if how else ""))
        for name, (rows, fen) in self.skipped_items.items():
            where = "、".join(map(str, rows[:8])) + ("…" if len(rows) > 8 else "")
            lines.append(f"  已跳过不认识的收费项目 '{name}'：{len(rows)} 行（第{where}行），共 {fen / 100:,.2f} 元")
        return lines

    def _counts(self) -> list[str]:
        c = self.counts
        verb = "将" if self.dry_run else ""
        people = f"人员：{verb}新增 {c.people_created}"
        if c.phones_completed or c.people_merged:
            people += f"，补全电话 {c.phones_completed}，合并重复 {c.people_merged}"
        lines = [
            f"房屋：{verb}新增 {c.units_created}，更新 {c.units_updated}",
            f"{people}；住户关系：新增 {c.occupancies_created}，更新 {c.occupancies_updated}",
            f"账单：{verb}新增 {c.bills_created}，更新 {c.bills_updated}",
            f"缴费：{verb}新增 {c.payments_created}，更新 {c.payments_updated}",
        ]
        if not c.changed:
            lines.append("数据与系统一致，没有变化。")
        if self.dry_run:
            lines.append("这是试导入：什么都没有写入。去掉 --dry-run 即正式导入。")
        return lines


def grouped_errors(errors: list[RowError]) -> list[str]:
    """Errors as staff read them: many of one kind in one column become one line with their rows."""
    groups: dict[tuple[str, str], list[RowError]] = {}
    for error in errors:
        groups.setdefault((error.column, re.sub(r"'[^']*'|\d+(?:\.\d+)?", "…", error.message)), []).append(error)
    lines = []
    for (_, _), same in groups.items():
        if len(same) >= GROUP_FROM:
            rows = "、".join(str(e.row) for e in same[:10]) + ("…" if len(same) > 10 else "")
            lines.append(f"第{rows}行（共 {len(same)} 行） {same[0].column}: {same[0].message}")
        else:
            lines.extend(str(e) for e in same)
    if len(lines) > ERRORS_SHOWN:
        lines = [*lines[:ERRORS_SHOWN], f"……另有 {len(lines) - ERRORS_SHOWN} 条"]
    return lines
