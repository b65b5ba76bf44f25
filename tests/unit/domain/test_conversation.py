"""Conversation ids: one module builds and reads them; malformed ids are refused, never cut."""

import pytest

from bot.domain import conversation
from bot.domain.conversation import Channel, Conversation, InvalidConversationId


def test_a_wechat_follower_and_back():
    cid = conversation.for_wechat("oAbC-12_x")
    assert cid == "wx:oAbC-12_x"
    assert conversation.parse(cid) == Conversation(Channel.WECHAT, "oAbC-12_x")
    assert conversation.openid_of(cid) == "oAbC-12_x" and conversation.is_wechat(cid)


def test_web_ids_are_random_and_never_wechat():
    first, second = conversation.new_web(), conversation.new_web()
    assert first != second and first.startswith("web:") and len(first) >= 20
    assert conversation.parse(first).channel is Channel.WEB and not conversation.is_wechat(first)
    with pytest.raises(InvalidConversationId):
        conversation.openid_of(first)


@pytest.mark.parametrize("openid", ["", "o" * 65, "o" * 200, "o 1", "o:1", "o\n1", "赵", "o1<", "o1]]>"])
def test_malformed_openids_are_refused_not_cut(openid):
    assert not conversation.is_valid_openid(openid)
    with pytest.raises(InvalidConversationId):
        conversation.for_wechat(openid)


def test_two_long_ids_never_share_a_conversation():
    # What cutting to 64 characters used to do: two different senders, one conversation.
    a, b = "o" * 64 + "A", "o" * 64 + "B"
    assert not conversation.is_valid_openid(a) and not conversation.is_valid_openid(b)
    assert conversation.for_wechat("o" * 64) == "wx:" + "o" * 64  # the longest accepted


@pytest.mark.parametrize("cid", ["", "oZhang", "wx", "wx:", "sms:o1", "WX:o1", "wx:o 1", "web:" + "a" * 65,
                                 "wx:" + "o" * 200, None, 42])
def test_parse_refuses_what_the_app_would_not_build(cid):
    with pytest.raises(InvalidConversationId):
        conversation.parse(cid)
    assert not conversation.is_wechat(cid)
