"""Find the communities a file is about. Imports never create communities: staff do (`wuyebot community add`)."""

from collections import Counter

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.models import Community
from bot.importer.errors import RowError
from bot.importer.records import ParsedRow


def resolve_communities(session: Session, rows: list[ParsedRow], community_code: str | None, column: str
                        ) -> tuple[dict[str, Community], list[RowError]]:
    """Each community key of the rows (code or name) → its Community, and an error per key that is unknown,
    ambiguous, or disagrees with the community the caller named."""
    keys = Counter(row.community for row in rows)
    first_row = {}
    for row in rows:
        first_row.setdefault(row.community, row.number)
    wanted = set(keys) | ({community_code} if community_code else set())
    candidates = session.scalars(select(Community).where(or_(Community.code.in_(wanted),
                                                             Community.name.in_(wanted)))).all()
    found: dict[str, Community] = {}
    errors = []
    for key in sorted(wanted):
        by_code = [c for c in candidates if c.code == key]
        by_name = [c for c in candidates if c.name == key]
        matches = by_code or by_name
        row, rows_note = first_row.get(key, 0), f"（共{keys[key]}行）" if keys[key] > 1 else ""
        if not matches:
            errors.append(RowError(row, column, f"小区 '{key}' 在系统中不存在{rows_note}；导入不会新建小区，"
                                                "请先由工作人员创建（wuyebot community add 编号 名称），"
                                                "或检查小区名称/编号"))
        elif len(matches) > 1:
            errors.append(RowError(row, column, f"有多个小区叫 '{key}'，请改用小区编号"))
        else:
            found[key] = matches[0]
    chosen = found.get(community_code) if community_code else None
    if chosen is not None:
        for key, community in found.items():
            if community.id != chosen.id:
                errors.append(RowError(first_row[key], column,
                                       f"文件中的小区 '{key}' 与指定的小区 '{community_code}' 不一致"))
    return found, errors
