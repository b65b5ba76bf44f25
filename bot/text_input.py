"""Cleaning what an owner typed before the NLU sees it.

Every channel (web chat now, WeChat later) passes owner text through :func:`clean_owner_text`:
- full-width digits, letters and punctuation become half-width (１５０２ → 1502) so entity patterns match;
- traditional characters become simplified (物業費 → 物业费, OpenCC's tables), since owners in Hong Kong, Taiwan and
  Guangdong write them and the training data is simplified (the training data is kept in this same normal form:
  tests/unit/test_nlu_data.py);
- control characters go; runs of white space fold into one space;
- a leading ``/`` is dropped, because Rasa reads ``/intent{...}`` as a command and owners must not be able to
  inject intents or entities that way;
- very long messages are cut to ``MAX_OWNER_TEXT_CHARS`` (the NLU needs the gist; the full text stays in the log).
"""

import re
import unicodedata
from dataclasses import dataclass

from bot.domain.chinese_text import to_simplified

MAX_OWNER_TEXT_CHARS = 1000
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]")


@dataclass(frozen=True)
class OwnerText:
    text: str
    truncated: bool

    @property
    def is_empty(self) -> bool:
        return not self.text


def clean_owner_text(raw: str | None, max_chars: int = MAX_OWNER_TEXT_CHARS) -> OwnerText:
    text = to_simplified(unicodedata.normalize("NFKC", raw or ""))
    text = _CONTROL.sub("", text)
    text = " ".join(text.split())
    text = text.lstrip("/").strip()
    truncated = len(text) > max_chars
    return OwnerText(text=text[:max_chars], truncated=truncated)
