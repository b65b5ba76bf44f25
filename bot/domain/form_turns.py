"""What a form does with the owner's reply to its question. Pure: the reading of the text (bot.domain.answers) and
the NLU's intent in, a decision out. Every form's validator asks this one function, so all forms behave alike.

The text decides first: an answer of the kind asked is taken whatever the NLU thought ("3栋2单元1502" is often
read as ``ask_balance``), and "不知道" / "算了不报了" are recognised by their words (the NLU reads them as
``deny``, ``nlu_fallback`` or ``bind_unit``). Only when the text is not an answer does the intent say what it is:
a question answered in passing (the form then asks again), a new topic (the form stops and the topic is handled),
or neither (the form asks again, more plainly).
"""

import re
from enum import StrEnum

from bot.domain.answers import Answer, AnswerKind, Reading
from bot.names import Intent


class Turn(StrEnum):
    FILL = "fill"  # an answer of the kind asked: store it
    DONT_KNOW = "dont_know"  # the form's own way forward (a ticket for staff to complete, a person, …)
    CANCEL = "cancel"  # the owner withdrew: discard, and say so
    ASIDE = "aside"  # a question or small talk: answered by its own rule, then the form asks again
    SWITCH = "switch"  # a new topic: the form stops (keeping what was reported) and the topic is handled
    VAGUE = "vague"  # not an answer and not another topic: ask again with an example


class FormOutcome(StrEnum):
    """How a form ended when it did not simply get every answer (its closing action reads it and says so)."""

    CANCELLED = "cancelled"  # "算了不报了": nothing is recorded
    DETAILS_UNKNOWN = "details_unknown"  # "不知道" (or no usable answer twice): the form's way forward
    KEPT = "kept"  # reopened right after it closed, but the reply corrected nothing: the record stands


# Answered in passing; the form then resumes. Answering them changes nothing the form depends on.
ASIDE_INTENTS = frozenset({
    Intent.ASK_PAYMENT_METHODS, Intent.ASK_NONPAYMENT_CONSEQUENCE, Intent.ASK_FEE_USAGE, Intent.ASK_DISCOUNT,
    Intent.ASK_INVOICE, Intent.ASK_TICKET_STATUS, Intent.GREET, Intent.THANK, Intent.OUT_OF_SCOPE,
    Intent.EMPTY_MESSAGE,
})
# A different thing to do: the form stops. (A bound owner's balance question is answered in passing; before
# binding it starts the binding form, so it is a new topic.)
SWITCH_INTENTS = frozenset({
    Intent.REPORT_ISSUE, Intent.PROMISE_TO_PAY, Intent.REQUEST_PAYMENT_PLAN, Intent.CLAIM_PAID, Intent.COMPLAIN_FEE,
    Intent.STOP_REMINDERS, Intent.REQUEST_HUMAN, Intent.BIND_UNIT, Intent.GOODBYE,
})
# Never another concern: a yes or no, or words the NLU could not place. (Every intent is in exactly one of these
# sets or is ask_balance: tests/unit/test_dialogue_rules.py.)
NEITHER = frozenset({Intent.AFFIRM, Intent.DENY, Intent.NLU_FALLBACK})
# Below this the NLU is guessing: the reply is treated as a vague answer, not as a change of subject.
MIN_INTENT_CONFIDENCE = 0.5
SMALL_TALK = frozenset({Intent.GREET, Intent.THANK, Intent.OUT_OF_SCOPE, Intent.EMPTY_MESSAGE})
# Answers that accept almost any words, so a clear question or new topic is checked before the words are taken: a
# description gives way to anything else; a name ("转人工" has the shape of one) to a question or a new topic, not
# to small talk (the NLU reads bare names as out_of_scope).
GIVES_WAY = {AnswerKind.DESCRIPTION: ASIDE_INTENTS | SWITCH_INTENTS | {Intent.ASK_BALANCE},
             AnswerKind.PERSON_NAME: (ASIDE_INTENTS - SMALL_TALK) | SWITCH_INTENTS | {Intent.ASK_BALANCE}}


# "12345" or "5678" where a name was asked is read as out_of_scope too: only a sentence is an unrelated request.
_SENTENCE = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff].*[\u4e00-\u9fff].*[\u4e00-\u9fff]")


def other_concern(intent: str | None, confidence: float, verified: bool, text: str = "") -> Turn | None:
    """ASIDE or SWITCH when the NLU confidently reads another concern; None otherwise."""
    if confidence < MIN_INTENT_CONFIDENCE or intent is None:
        return None
    if intent == Intent.OUT_OF_SCOPE and not _SENTENCE.search(text):
        return None
    if intent == Intent.ASK_BALANCE:
        return Turn.ASIDE if verified else Turn.SWITCH
    if intent in ASIDE_INTENTS:
        return Turn.ASIDE
    if intent in SWITCH_INTENTS:
        return Turn.SWITCH
    return None


def decide_turn(answer: Answer, kind: AnswerKind, intent: str | None, confidence: float,
                own_intents: frozenset[str], verified: bool, text: str = "") -> Turn:
    """What the form does with a reply read as ``answer`` to a question expecting ``kind``.

    ``own_intents`` are the intents a reply to this form is usually read as (``promise_to_pay`` for a date): those
    never count as a change of subject.
    """
    if answer.reading is Reading.CANCEL:
        return Turn.CANCEL
    if answer.reading is Reading.DONT_KNOW:
        return Turn.DONT_KNOW
    elsewhere = None if intent in own_intents else other_concern(intent, confidence, verified, text)
    if answer.reading is Reading.VALUE:
        if elsewhere is not None and intent in GIVES_WAY.get(kind, ()) and not answer.corrected:
            return elsewhere
        return Turn.FILL
    return elsewhere or Turn.VAGUE
