"""Several concerns in one message: the clauses, and which of them are separate concerns."""

import pytest

from bot.domain.concerns import Clause, clauses, concerns, without


@pytest.mark.parametrize(("text", "parts"), [
    ("我下周交，但电梯的事你们得先修", ["我下周交", "电梯的事你们得先修"]),
    ("我下周交但是电梯的事你们得先修", ["我下周交", "电梯的事你们得先修"]),
    ("电梯又坏了，我这个月欠多少钱", ["电梯又坏了", "我这个月欠多少钱"]),
    ("楼上漏水 另外怎么交物业费", ["楼上漏水", "怎么交物业费"]),
    ("3栋2单元的电梯坏了好几天了", ["3栋2单元的电梯坏了好几天了"]),
    ("电梯坏了还有人管吗", ["电梯坏了还有人管吗"]),
    ("好", ["好"]),
])
def test_clauses(text, parts):
    assert clauses(text) == parts


def c(text, intent, confidence=0.9):
    return Clause(text, intent, confidence)


def test_two_different_concerns_in_the_order_written():
    found = concerns([c("我下周交", "promise_to_pay"), c("电梯的事你们得先修", "report_issue")])
    assert [(x.intent, x.text) for x in found] == [("promise_to_pay", "我下周交"),
                                                    ("report_issue", "电梯的事你们得先修")]


def test_clauses_about_the_same_thing_are_one_concern():
    found = concerns([c("电梯坏了", "report_issue"), c("困了人", "report_issue")])
    assert [(x.intent, x.text, x.clause_indexes) for x in found] == [("report_issue", "电梯坏了，困了人", (0, 1))]


def test_small_talk_and_noise_stay_with_a_concern():
    found = concerns([c("你好", "greet"), c("3栋电梯坏了", "report_issue"), c("好几天了", "nlu_fallback", 0.4)])
    assert len(found) == 1 and found[0].clause_indexes == (0, 1, 2)


def test_an_unsure_reading_is_not_a_concern_of_its_own():
    assert len(concerns([c("楼上漏水", "report_issue"), c("麻烦快点", "ask_ticket_status", 0.3)])) == 1


def test_an_announcement_belongs_to_what_follows():
    found = concerns([c("我要投诉", "report_issue"), c("物业费太贵了", "complain_fee")])
    assert [(x.intent, x.clause_indexes) for x in found] == [("complain_fee", (0, 1))]


def test_the_answer_part_of_a_message():
    assert without("3栋2单元，另外我欠多少钱", ["我欠多少钱"]) == "3栋2单元"
    assert without("3栋2单元", []) == "3栋2单元"


def test_a_clause_read_unsurely_is_not_a_concern_of_its_own():
    found = concerns([c("屋头最近困难", "report_issue", 0.54), c("能不能缓一哈", "request_payment_plan", 1.0)])
    assert [x.intent for x in found] == ["request_payment_plan"]


def test_a_reaction_stays_with_what_it_reacts_to():
    assert len(concerns([c("报销要用发票", "ask_invoice"), c("怎么弄", "ask_payment_methods", 0.8)])) == 1


@pytest.mark.parametrize(("first", "second", "winner"), [
    ("report_issue", "complain_fee", "complain_fee"),  # 电梯一直不修，物业费我不交了
    ("claim_paid", "ask_balance", "claim_paid"),  # 支付宝扣过钱了，为啥还欠费
    ("request_payment_plan", "promise_to_pay", "request_payment_plan"),  # 家里困难，物业费能晚点交吗
])
def test_neighbouring_intents_that_make_one_request(first, second, winner):
    found = concerns([c("一", first), c("二", second)])
    assert [(x.intent, x.clause_indexes) for x in found] == [(winner, (0, 1))]


def test_a_unit_beside_a_request_identifies_the_owner_for_it():
    found = concerns([c("我家是3栋2单元1502", "bind_unit"), c("欠了多少钱", "ask_balance")])
    assert [(x.intent, x.clause_indexes) for x in found] == [("ask_balance", (0, 1))]
    found = concerns([c("让管家给我回个电话", "request_human"), c("我号码13912345678", "bind_unit")])
    assert [(x.intent, x.clause_indexes) for x in found] == [("request_human", (0, 1))]
