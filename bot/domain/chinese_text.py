"""One normal form for owners' Chinese before rules read it: half-width (NFKC), simplified characters (OpenCC's
``t2s`` tables: 下個月15號 → 下个月15号), no spaces between Chinese characters."""

import re
import unicodedata
from functools import cache

_SPACE_BETWEEN_HAN = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


@cache
def _converter():
    import opencc  # loaded on first use, not at import time

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else text


def normal_form(text: str | None) -> str:
    """NFKC, simplified, and no spaces next to Chinese characters (voice input and phones scatter them)."""
    text = unicodedata.normalize("NFKC", text or "")
    return _SPACE_BETWEEN_HAN.sub("", to_simplified(text)).strip()
