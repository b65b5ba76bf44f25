"""What an import did, for the CLI to print and the audit log to keep."""

from dataclasses import asdict, dataclass, field

from bot.importer.errors import RowError


@dataclass
class Counts:
    units_created: int = 0
    units_updated: int = 0
    people_created: int = 0
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
    rows_read: int = 0
    total_rows_skipped: int = 0  # 合计 lines at the bottom of exports
    counts: Counts = field(default_factory=Counts)
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        lines = [f"导入文件 {self.file}：读取数据 {self.rows_read} 行"
                 + (f"（跳过合计行 {self.total_rows_skipped} 行）" if self.total_rows_skipped else "")]
        if self.unknown_columns:
            lines.append(f"未识别、已忽略的列：{'、'.join(self.unknown_columns)}")
        if self.errors:
            lines.append(f"导入失败：发现 {len(self.errors)} 处错误，没有写入任何数据。请修改后重新导入：")
            lines.extend(f"  {error}" for error in self.errors)
            return "\n".join(lines)
        c = self.counts
        lines += [
            f"房屋：新增 {c.units_created}，更新 {c.units_updated}",
            f"人员：新增 {c.people_created}；住户关系：新增 {c.occupancies_created}，更新 {c.occupancies_updated}",
            f"账单：新增 {c.bills_created}，更新 {c.bills_updated}",
            f"缴费：新增 {c.payments_created}，更新 {c.payments_updated}",
        ]
        if not c.changed:
            lines.append("数据与系统一致，没有变化。")
        return "\n".join(lines)
