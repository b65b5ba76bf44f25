"""What staff told the importer, kept for the next time: column rules per community (``--map``/``--ignore``) and
the company's own fee names (``--item``), for one community or (community None) for all of them."""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.models import BillItem, BillItemAlias, ImportColumnRule
from bot.importer.errors import ImportFileError
from bot.importer.headers import IGNORE, field_by_name, normalise_header
from bot.importer.vocab import ITEMS, word_key


def item_by_name(text: str) -> BillItem:
    """What a user types after ``=`` in ``--item``: our item's name (物业费), a common name of it (物业管理费), or
    its key (property_fee)."""
    key = word_key(text)
    for item in BillItem:
        if key in (word_key(item.value), item.name.lower()):
            return item
    if key in ITEMS:
        return ITEMS[key]
    raise ImportFileError(f"没有叫 '{text}' 的收费项目。可用：{'、'.join(i.value for i in BillItem)}")


def parse_pairs(pairs: list[str], option: str) -> dict[str, str]:
    """``['房屋编码=unit', …]`` → {source: target}; the source may itself contain '=' only if quoted away."""
    result = {}
    for pair in pairs:
        source, sep, target = pair.rpartition("=")
        if not sep or not source.strip() or not target.strip():
            raise ImportFileError(f"{option} '{pair}' 应写成 '原列名=字段'，如 {option} '收费金额=billed'")
        result[source.strip()] = target.strip()
    return result


def column_rules(session: Session, community_id: int) -> dict[str, str]:
    query = (select(ImportColumnRule.source, ImportColumnRule.target)
             .where(ImportColumnRule.community_id == community_id))
    return dict(session.execute(query).all())


def save_column_rules(session: Session, community_id: int, mapped: Mapping[str, str], ignored: set[str],
                      now: datetime) -> list[str]:
    """Store this import's --map/--ignore for the community; returns them as "SOURCE=target" for the report."""
    wanted = {normalise_header(s): (IGNORE if t == IGNORE else field_by_name(t).value) for s, t in mapped.items()
              if t == IGNORE or field_by_name(t) is not None}
    wanted.update({normalise_header(s): IGNORE for s in ignored})
    existing = {r.source: r for r in session.scalars(
        select(ImportColumnRule).where(ImportColumnRule.community_id == community_id,
                                       ImportColumnRule.source.in_(list(wanted))))}
    for source, target in wanted.items():
        rule = existing.get(source)
        if rule is None:
            session.add(ImportColumnRule(community_id=community_id, source=source, target=target, updated_at=now))
        elif rule.target != target:
            rule.target, rule.updated_at = target, now
    return [f"{source}={target}" for source, target in wanted.items()]


def item_aliases(session: Session, community_id: int | None) -> dict[str, BillItem]:
    """The company's fee names: those for every community, overridden by the community's own."""
    query = select(BillItemAlias).where(or_(BillItemAlias.community_id.is_(None),
                                            BillItemAlias.community_id == community_id))
    aliases = sorted(session.scalars(query), key=lambda a: a.community_id is not None)
    return {alias.source: alias.item for alias in aliases}


def save_item_aliases(session: Session, community_id: int | None, aliases: Mapping[str, BillItem],
                      now: datetime) -> list[str]:
    stored = {a.source: a for a in session.scalars(select(BillItemAlias).where(
        BillItemAlias.community_id.is_(None) if community_id is None else BillItemAlias.community_id == community_id))}
    for source, item in aliases.items():
        alias = stored.get(word_key(source))
        if alias is None:
            session.add(BillItemAlias(community_id=community_id, source=word_key(source), item=item, created_at=now))
        elif alias.item != item:
            alias.item = item
    return [f"收费项目 {source}={item.value}" for source, item in aliases.items()]
