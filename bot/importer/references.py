"""Payment references (unique in ``payment.reference``): the file's own number (流水号, 订单号), or a deterministic
one so that importing the same rows again finds the same payments.

One order can pay several bills (a 订单号 on several rows of a 缴费明细): each bill's share then gets the order
number plus a short hash of the bill. A row's payment split over its charges (a fee and its late fee) gives the
later shares ``<reference>/<item>``.
"""

import hashlib

from bot.importer.duplicates import bill_key
from bot.importer.records import ParsedRow

DERIVED_PREFIX = "IMP"
_SHARED_LENGTH = 40
MAX_REFERENCE = 64


def _digest(*parts: str, length: int) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:length]


def _bill_text(row: ParsedRow) -> str:
    payment = row.payment
    if row.charges:
        charge = row.charges[0]
        return f"{charge.item.value}|{charge.period_start.isoformat()}"
    item = payment.item.value if payment and payment.item else ""
    start = payment.period_start.isoformat() if payment and payment.period_start else ""
    return f"{item}|{start}"


def shared_reference(reference: str, community_code: str, row: ParsedRow) -> str:
    unit = f"{row.unit.address.phase}{row.unit.label}"
    return f"{reference[:_SHARED_LENGTH]}#{_digest(community_code, unit, _bill_text(row), length=10)}"


def derived_reference(row: ParsedRow, community_code: str) -> str:
    """Without a reference: a hash of what identifies the payment. The community is part of the hash because
    references are unique across all communities, and two communities share labels like 1栋101."""
    payment = row.payment
    if payment is None:
        raise ValueError(f"row {row.number} has no payment")
    unit = f"{row.unit.address.phase}{row.unit.label}"
    digest = _digest(community_code, unit, _bill_text(row), payment.paid_at.isoformat(), str(payment.amount_fen),
                     length=29)
    return f"{DERIVED_PREFIX}{digest}"


def part_reference(base: str, part: int, item_value: str) -> str:
    return base if part == 0 else f"{base[:MAX_REFERENCE - 8]}/{item_value}"


def base_references(rows: list[ParsedRow], codes: dict[str, str]) -> dict[int, tuple[str, str | None]]:
    """Row number → (the reference to store, the other form a payment of this row may already be stored under)."""
    bills_of: dict[str, set] = {}
    for row in rows:
        if row.payment and row.payment.reference:
            key = bill_key(row, row.charges[0]) if row.charges else (row.community, row.unit.key, _bill_text(row))
            bills_of.setdefault(row.payment.reference, set()).add(key)
    result = {}
    for row in rows:
        payment = row.payment
        if payment is None:
            continue
        code = codes[row.community]
        if not payment.reference:
            result[row.number] = (derived_reference(row, code), None)
            continue
        plain, shared = payment.reference, shared_reference(payment.reference, code, row)
        result[row.number] = (shared, plain) if len(bills_of[plain]) > 1 else (plain, shared)
    return result
