"""Payment references: the file's own (流水号), or a deterministic one so re-importing finds the same payment."""

import hashlib

from bot.importer.records import ParsedRow

DERIVED_PREFIX = "IMP"


def payment_reference(row: ParsedRow, community_code: str) -> str:
    """The row's reference; without one, a hash of what identifies the payment. The community is part of the
    hash because references are unique across all communities, and two communities share labels like 1栋101."""
    payment = row.payment
    if payment is None:
        raise ValueError(f"row {row.number} has no payment")
    if payment.reference:
        return payment.reference
    parts = (community_code, row.unit.label, payment.item.value if payment.item else "",
             payment.period_start.isoformat() if payment.period_start else "", payment.paid_at.isoformat(),
             str(payment.amount_fen))
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:29]
    return f"{DERIVED_PREFIX}{digest}"
