"""What a form does with a reply: the words first, then the NLU's intent."""

import pytest

from bot.domain.answers import Answer, AnswerKind, Reading
from bot.domain.form_turns import Turn, decide_turn
from bot.names import Intent

VALUE = Answer(Reading.VALUE, "3栋2单元")
OTHER = Answer(Reading.OTHER)
OWN = frozenset({Intent.REPORT_ISSUE})


def turn(answer, intent, confidence=0.9, kind=AnswerKind.PLACE, verified=False, text="今天天气怎么样"):
    return decide_turn(answer, kind, intent, confidence, OWN, verified, text)


def test_an_answer_of_the_kind_asked_is_taken_whatever_the_nlu_thought():
    assert turn(VALUE, Intent.ASK_BALANCE, 1.0) is Turn.FILL
    assert turn(VALUE, Intent.REQUEST_HUMAN) is Turn.FILL


def test_dont_know_and_cancel_come_from_the_words():
    assert turn(Answer(Reading.DONT_KNOW), Intent.DENY) is Turn.DONT_KNOW
    assert turn(Answer(Reading.CANCEL), Intent.STOP_REMINDERS) is Turn.CANCEL


@pytest.mark.parametrize("intent", [Intent.ASK_PAYMENT_METHODS, Intent.ASK_NONPAYMENT_CONSEQUENCE, Intent.GREET,
                                    Intent.THANK, Intent.ASK_INVOICE, Intent.OUT_OF_SCOPE])
def test_questions_and_small_talk_are_answered_in_passing(intent):
    assert turn(OTHER, intent) is Turn.ASIDE


@pytest.mark.parametrize("intent", [Intent.PROMISE_TO_PAY, Intent.REQUEST_HUMAN, Intent.GOODBYE,
                                    Intent.REQUEST_PAYMENT_PLAN, Intent.CLAIM_PAID])
def test_a_new_topic_stops_the_form(intent):
    assert turn(OTHER, intent) is Turn.SWITCH


def test_a_balance_question_waits_for_binding_only_when_not_bound():
    assert turn(OTHER, Intent.ASK_BALANCE, verified=True) is Turn.ASIDE
    assert turn(OTHER, Intent.ASK_BALANCE, verified=False) is Turn.SWITCH


def test_the_forms_own_intent_a_guess_or_a_yes_no_is_just_vague():
    assert turn(OTHER, Intent.REPORT_ISSUE) is Turn.VAGUE
    assert turn(OTHER, Intent.REQUEST_HUMAN, confidence=0.3) is Turn.VAGUE
    assert turn(OTHER, Intent.DENY) is Turn.VAGUE
    assert turn(OTHER, Intent.NLU_FALLBACK) is Turn.VAGUE


def test_free_text_answers_give_way_to_a_clear_question():
    description = Answer(Reading.VALUE, "物业费怎么交")
    assert turn(description, Intent.ASK_PAYMENT_METHODS, kind=AnswerKind.DESCRIPTION) is Turn.ASIDE
    assert turn(description, Intent.REPORT_ISSUE, kind=AnswerKind.DESCRIPTION) is Turn.FILL


def test_a_number_read_as_out_of_scope_is_a_vague_answer_not_a_request():
    assert turn(OTHER, Intent.OUT_OF_SCOPE, text="12345") is Turn.VAGUE
    assert turn(OTHER, Intent.OUT_OF_SCOPE, text="今天天气怎么样") is Turn.ASIDE


def test_a_name_gives_way_to_a_new_topic_but_not_to_small_talk():
    name = Answer(Reading.VALUE, "转人工")
    assert turn(name, Intent.REQUEST_HUMAN, kind=AnswerKind.PERSON_NAME) is Turn.SWITCH
    assert turn(Answer(Reading.VALUE, "张伟"), Intent.OUT_OF_SCOPE, kind=AnswerKind.PERSON_NAME) is Turn.FILL
