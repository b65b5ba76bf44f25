"""The first rows of a file as they would be stored, in the words staff use (for ``--dry-run``)."""

from bot.clock import SHANGHAI
from bot.db.models import UnitKind
from bot.domain.money import format_fen
from bot.domain.phones import mask_phone
from bot.importer.records import ChargeFacts, ChargeSource, ParsedRow
from bot.importer.vocab import CHANNELS

ROWS_SHOWN = 5
_KINDS = {UnitKind.FLAT: "住宅", UnitKind.SHOP: "商铺", UnitKind.PARKING_SPACE: "车位", UnitKind.GARAGE: "车库",
          UnitKind.STOREROOM: "储藏室"}
_CHANNEL_WORDS = {code: word for word, code in reversed(list(CHANNELS.items()))}


def _period(charge: ChargeFacts) -> str:
    return f"{charge.period_start.isoformat()}~{charge.period_end.isoformat()}"


def _charge(charge: ChargeFacts) -> str:
    name = f"（{charge.item_name}）" if charge.item_name else ""
    if charge.source is ChargeSource.ARREARS:
        return f"欠费 {charge.item.value}{name} {_period(charge)} {format_fen(charge.owed_fen)}"
    discount = f"（已减优惠 {format_fen(charge.discount_fen)}）" if charge.discount_fen else ""
    return f"账单 {charge.item.value}{name} {_period(charge)} 应缴 {format_fen(charge.owed_fen)}{discount}"


def describe(row: ParsedRow) -> str:
    unit = row.unit
    facts = [_KINDS[unit.address.kind]]
    if unit.area_sqm is not None:
        facts.append(f"{unit.area_sqm}㎡")
    parts = [f"第{row.number}行 → 房屋 {unit.shown}（{'，'.join(facts)}）"]
    if row.person:
        phone = mask_phone(row.person.phone) if row.person.phone else "无电话"
        role = f"，{row.person.role.value}" if row.person.role else ""
        parts.append(f"人 {row.person.name}（{phone}{role}）")
    parts += [_charge(charge) for charge in row.charges]
    if (payment := row.payment) is not None:
        when = payment.paid_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        channel = _CHANNEL_WORDS.get(payment.channel or "", payment.channel or "方式未写")
        reference = f" 流水号 {payment.reference}" if payment.reference else ""
        cashier = f" 收银员 {payment.cashier}" if payment.cashier else ""
        parts.append(f"缴费 {format_fen(payment.amount_fen)} {when} {channel}{reference}{cashier}")
    return "；".join(parts)


def preview(rows: list[ParsedRow]) -> list[str]:
    return [describe(row) for row in rows[:ROWS_SHOWN]]
