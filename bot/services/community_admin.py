"""Creating communities for a company that starts from an empty database (``wuyebot community add``)."""

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from bot.db.models import Community, Unit
from bot.services.base import Service

_CODE = re.compile(r"[A-Za-z0-9_-]{2,32}")
MAX_NAME = 64


class CommunityExists(Exception):
    """A community with this code, or this name, is already there."""


@dataclass(frozen=True)
class CommunityRow:
    code: str
    name: str
    city: str
    units: int


class CommunityAdmin(Service):
    def add(self, code: str, name: str, city: str = "", actor: str = "system:cli") -> Community:
        """A new community with the default settings (payment channels and reminder policy are edited later).
        Names must be unique too: files name communities by name, and an import refuses an ambiguous one."""
        code, name = code.strip(), name.strip()
        if not _CODE.fullmatch(code):
            raise ValueError(f"编号 '{code}' 只能用 2–32 个字母、数字、- 或 _")
        if not name or len(name) > MAX_NAME:
            raise ValueError(f"名称 '{name}' 应为 1–{MAX_NAME} 个字")
        with self.transaction() as session:
            same = or_(Community.code == code, Community.name == name, Community.code == name, Community.name == code)
            clash = session.scalars(select(Community).where(same)).first()
            if clash is not None:
                raise CommunityExists(f"已有小区 {clash.code} {clash.name}")
            community = Community(code=code, name=name, city=city.strip())
            session.add(community)
            session.flush()
            self.audit(session, actor, "community_add", f"community:{community.id}", code=code, name=name)
            session.expunge(community)
            return community

    def list(self) -> list[CommunityRow]:
        with self.transaction() as session:
            units = (select(Unit.community_id, func.count().label("units")).group_by(Unit.community_id).subquery())
            query = (select(Community.code, Community.name, Community.city, func.coalesce(units.c.units, 0))
                     .outerjoin(units, units.c.community_id == Community.id).order_by(Community.code))
            return [CommunityRow(*row) for row in session.execute(query)]
