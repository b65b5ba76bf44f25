"""Mainland mobile numbers: recognised, and always masked when shown (138****1234)."""

import re
import unicodedata

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def find_mobile(text: str) -> str | None:
    match = _MOBILE.search(unicodedata.normalize("NFKC", text or ""))
    return match.group(1) if match else None


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits; never show a whole number in a reply."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def last_four_digits(text: str) -> str | None:
    """The answer to "登记手机号的后四位": four digits, or a whole mainland mobile number (its last four)."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))
    return digits[-4:] if len(digits) in (4, 11) else None
