"""No reply may threaten: no cutting utilities, no credit blacklist, no children's schooling, no invented
late fees; legal citations follow ../shared/domain/legal-facts.md."""

import re

import pytest

from tests.support import load_domain

RESPONSES = {
    name: variant["text"]
    for name, variants in load_domain()["responses"].items()
    for variant in variants
    if "text" in variant
}

THREATS = {
    "cutting utilities": re.compile(r"(?<![不别没])(会|将|要|就|可能|即将)(被)?(停|断|切断|停止供)(水|电|暖|气|供)"),
    "credit record": re.compile(r"(?<![不没])(会|将|要|就|可能)(被)?(上|纳入|录入|进入|影响)(个人)?(征信|信用记录)"),
    "blacklist": re.compile(r"黑名单|拉黑"),
    "children": re.compile(r"影响(孩子|子女|小孩)"),
    "fines": re.compile(r"罚款|(加收|收取|产生|计算)滞纳金"),
    "lawsuit as a threat": re.compile(r"(将|马上|立即|立刻|就会)(对您)?(起诉|提起诉讼|告您)"),
}


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_no_response_threatens(name):
    text = RESPONSES[name]
    found = [label for label, pattern in THREATS.items() if pattern.search(text)]
    assert found == [], f"{name}: {text}"


def test_threat_patterns_catch_threats_and_spare_reassurance():
    assert THREATS["cutting utilities"].search("再不交就停水停电")
    assert not THREATS["cutting utilities"].search("物业不会停水停电")
    assert THREATS["credit record"].search("欠费会上征信")
    assert not THREATS["credit record"].search("欠费不会上征信")


def test_consequence_answer_states_the_law():
    text = RESPONSES["utter_nonpayment_consequence"]
    assert "第944条" in text and "第六十四条" in text
    assert "第六十七条" not in text  # the 2003 numbering, superseded
    assert "失信被执行人" in text and "不由物业上报央行征信" in text
    assert re.search(r"不能用停水、停电、停暖、停气", text)


def test_every_response_fits_a_wechat_text_reply():
    # WeChat cuts passive text replies at about 2048 bytes.
    too_long = {name: len(text.encode()) for name, text in RESPONSES.items() if len(text.encode()) > 2000}
    assert too_long == {}
