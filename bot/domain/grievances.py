"""What counts as a usable grievance description."""

import re

# Messages that only announce a report ("我要报修") without saying what is wrong.
_ANNOUNCEMENT = re.compile(r"^(我)?(要|想)?(报修|投诉|反映|反应|举报|报事|报个修)(一下)?(问题|情况|个事)?[。！!.~～]*$")
# Words that say something is wrong ("楼道灯也坏了"), as opposed to only naming a place or a thing ("3栋那个电梯").
_PROBLEM = re.compile(r"坏|漏|渗|堵|不亮|不通|不转|不动|不灵|停了|停电|停水|没水|没电|吵|脏|臭|裂|掉|"
                      r"占|乱|困|关人|异响|异味|太慢|很慢|没人管|没人扫|没人修|投诉|举报")
MIN_DESCRIPTION_CHARS = 2
MAX_DESCRIPTION_CHARS = 500


def is_usable_description(text: str) -> bool:
    text = (text or "").strip()
    return len(text) >= MIN_DESCRIPTION_CHARS and not _ANNOUNCEMENT.match(text)


def describes_a_problem(text: str) -> bool:
    return bool(_PROBLEM.search(text or ""))


def clip_description(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_DESCRIPTION_CHARS else text[: MAX_DESCRIPTION_CHARS - 1] + "…"
