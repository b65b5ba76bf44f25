"""What counts as a usable grievance description."""

import re

# Messages that only announce a report ("我要报修") without saying what is wrong.
_ANNOUNCEMENT = re.compile(r"^(我)?(要|想)?(报修|投诉|反映|反应|举报|报事|报个修)(一下)?(问题|情况|个事)?[。！!.~～]*$")
MIN_DESCRIPTION_CHARS = 2
MAX_DESCRIPTION_CHARS = 500


def is_usable_description(text: str) -> bool:
    text = (text or "").strip()
    return len(text) >= MIN_DESCRIPTION_CHARS and not _ANNOUNCEMENT.match(text)


def clip_description(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_DESCRIPTION_CHARS else text[: MAX_DESCRIPTION_CHARS - 1] + "…"
