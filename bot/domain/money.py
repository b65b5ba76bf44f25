"""Money is integer fen everywhere; yuan only at the edges (parsing what owners type, showing amounts)."""

import re
import unicodedata

_AMOUNT = re.compile(r"(?P<yuan>\d{1,9})(?:\.(?P<jiao_fen>\d{1,2}))?\s*(?:元|块钱|块|rmb|RMB)?")


def parse_amount_fen(text: str) -> int | None:
    """``"300元"`` → 30000, ``"99.5块"`` → 9950; None when no amount is written."""
    match = _AMOUNT.search(unicodedata.normalize("NFKC", text or ""))
    if not match:
        return None
    fraction = (match["jiao_fen"] or "").ljust(2, "0")
    return int(match["yuan"]) * 100 + int(fraction or 0)


def format_fen(fen: int) -> str:
    """30000 → ``"300.00元"``; negative amounts (credits) keep their sign."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{rest:02d}元"
