"""Several concerns in one message ("我下周交，但电梯的事你们得先修"): the clauses, and which of them are separate
concerns once the NLU has read each one. Pure: the caller parses the clauses (bot/actions/concerns.py asks Rasa).

A clause is a concern when the NLU reads it confidently as something the owner wants done (not a greeting, a
thanks, a yes/no or noise). Clauses that are not concerns ("好几天了", "麻烦了") and clauses that only react to the
one before ("怎么弄", "凭啥") stay with the concern before them; neighbouring clauses about the same thing are one
concern — the same intent twice, or two intents the NLU's borders (docs/intents.md) make one request: a problem
given as the reason for refusing the fee is a fee complaint ("电梯一直不修，物业费我不交了"), "交了为啥还欠费" is a
claim of payment, "能晚点交吗" after a hardship is a plan request, and a unit named beside a request identifies the
owner for it ("我家是3栋2单元1502，欠了多少钱").
"""

import re
from dataclasses import dataclass

from bot.domain.grievances import is_usable_description
from bot.names import Intent

# Where a message divides: punctuation, line breaks, and the conjunctions owners type without a comma.
_PUNCTUATION = re.compile(r"[，,。；;！!？?\n]+|\s{1,}")
_CONJUNCTION = re.compile(r"(?<=[^\s，,。；;！!？?]{3})(?=另外|顺便|但是|可是|不过|还想问)")
_CONJUNCTIONS = r"另外|还有|顺便问一?下|顺便说一?下|顺便|而且|但是|但|可是|不过|然后|再问一?下|还想问一?下|对了|哦对"
_LEADING = re.compile(rf"^(?:{_CONJUNCTIONS})\s*")
MIN_CLAUSE_CHARS = 2
MAX_CLAUSES = 3  # more than this is a story, not a list of requests: leave it whole
# Well above the FallbackClassifier's 0.3 (config.yml): a clause read less surely than this stays with its
# neighbour. Measured with bot/devtools/concern_eval.py (docs/dialogue.md), set with DIET and re-measured with the
# char n-gram classifier: 21 / 22 two-concern messages split as written, 21 / 485 single concerns split wrongly.
MIN_CONFIDENCE = 0.6
# A clause that only reacts to the one before it.
_REACTION = re.compile(r"^(?:那)?(?:怎么弄|怎么办|咋办|咋弄|咋整|凭啥|凭什么|为啥|为什么|没门|你们查查|查查|查一下|"
                       r"对吧|行吗|行不行|可以吗|好吗|是吧|不合理)[吗呢啊吧?？!！]*$")
# Neighbouring concerns that are one request (the first wins), and intents that only say who is asking.
SAME_REQUEST = {
    frozenset({Intent.COMPLAIN_FEE, Intent.REPORT_ISSUE}): Intent.COMPLAIN_FEE,
    frozenset({Intent.REQUEST_PAYMENT_PLAN, Intent.PROMISE_TO_PAY}): Intent.REQUEST_PAYMENT_PLAN,
    frozenset({Intent.CLAIM_PAID, Intent.ASK_BALANCE}): Intent.CLAIM_PAID,
}
IDENTIFYING = frozenset({Intent.BIND_UNIT})
NOT_CONCERNS = frozenset({
    Intent.GREET, Intent.GOODBYE, Intent.THANK, Intent.AFFIRM, Intent.DENY, Intent.OUT_OF_SCOPE,
    Intent.NLU_FALLBACK, Intent.EMPTY_MESSAGE,
})


def clauses(text: str) -> list[str]:
    """The clauses of ``text`` with leading conjunctions dropped; a single clause when it does not divide."""
    parts = []
    for chunk in _PUNCTUATION.split(text or ""):
        parts += _CONJUNCTION.split(chunk)
    found = [_LEADING.sub("", part).strip() for part in parts]
    found = [part for part in found if len(part) >= MIN_CLAUSE_CHARS]
    return found if 2 <= len(found) <= MAX_CLAUSES else [(text or "").strip()]


@dataclass(frozen=True)
class Clause:
    text: str
    intent: str | None
    confidence: float


@dataclass(frozen=True)
class Concern:
    intent: str
    text: str  # its clauses joined as the owner wrote them
    clause_indexes: tuple[int, ...]


def _is_concern(clause: Clause) -> bool:
    return (clause.intent is not None and clause.intent not in NOT_CONCERNS
            and clause.confidence >= MIN_CONFIDENCE and not _REACTION.match(clause.text))


def _announces_the_next(clause: Clause) -> bool:
    # "我要投诉，物业费太贵了": the first clause only announces the second.
    return clause.intent == Intent.REPORT_ISSUE and not is_usable_description(clause.text)


def concerns(read: list[Clause]) -> list[Concern]:
    """The separate concerns among the clauses, in the order written. One (or none) means: handle the message
    whole, as the NLU read it."""
    groups: list[list[int]] = []
    intents: list[str] = []
    pending: list[int] = []  # clauses waiting for a concern to join (nothing came before them)
    for index, clause in enumerate(read):
        if not _is_concern(clause) or (_announces_the_next(clause) and index + 1 < len(read)):
            if groups:
                groups[-1].append(index)
            else:
                pending.append(index)
            continue
        if intents and intents[-1] == clause.intent:
            groups[-1].append(index)
        else:
            groups.append([*pending, index])
            intents.append(str(clause.intent))
        pending = []
    merged = _one_request_each(list(zip(intents, groups, strict=True)))
    return [Concern(intent, "，".join(read[i].text for i in group), tuple(group)) for intent, group in merged]


def _one_request_each(found: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
    """Joins neighbouring concerns that make one request, and a unit given beside a request into that request."""
    if len(found) > 1 and any(intent not in IDENTIFYING for intent, _ in found):
        found = _absorb(found)
    joined: list[tuple[str, list[int]]] = []
    for intent, group in found:
        if joined and (winner := SAME_REQUEST.get(frozenset({joined[-1][0], intent}))):
            joined[-1] = (winner, joined[-1][1] + group)
        elif joined and joined[-1][0] == intent:
            joined[-1] = (intent, joined[-1][1] + group)
        else:
            joined.append((intent, group))
    return joined


def _absorb(found: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
    """Identifying clauses join the request next to them (the following one, or the one before at the end)."""
    kept: list[tuple[str, list[int]]] = []
    carried: list[int] = []
    for intent, group in found:
        if intent in IDENTIFYING:
            carried += group
            continue
        kept.append((intent, sorted(carried + group)))
        carried = []
    if carried:
        kept[-1] = (kept[-1][0], sorted(kept[-1][1] + carried))
    return kept


_TRAILING = re.compile(rf"[\s，,。；;！!？?]*(?:{_CONJUNCTIONS})?[\s，,。；;！!？?]*$")


def without(text: str, later: list[str]) -> str:
    """``text`` up to where the first of the ``later`` concerns begins: the part that answers what was asked."""
    cut = min((i for i in (text.find(part) for part in later if part) if i > 0), default=len(text))
    return _TRAILING.sub("", text[:cut]) or text
