"""Which kind of message goes where (pure)."""

import pytest

from bot.wechat import texts
from bot.wechat.chat_cli import parse_line
from bot.wechat.inbound import NotAMessage, inbound_from_fields
from bot.wechat.routing import AttachPhoto, DeliveryReceipt, Ignore, Say, ToBot, Unsubscribe, decide


def message(msg_type, **fields):
    return inbound_from_fields({"FromUserName": "o1", "ToUserName": "gh", "CreateTime": "1700000000",
                                "MsgType": msg_type, **fields})


def test_dedup_keys_follow_wechats_advice():
    assert message("text", MsgId="42", Content="x").dedup_key == "msg:42"
    assert message("event", Event="subscribe").dedup_key == "evt:o1:1700000000:subscribe"


@pytest.mark.parametrize("inbound, expected", [
    (message("text", Content="物业费怎么交", MsgId="1"), ToBot("物业费怎么交")),
    (message("voice", Recognition="电梯坏了", MsgId="2"), ToBot("电梯坏了")),
    (message("voice", MsgId="3"), Say(texts.VOICE_NOT_RECOGNISED)),
    (message("image", MediaId="m1", MsgId="4"), AttachPhoto("m1")),
    (message("location", MsgId="5"), Say(texts.ACKNOWLEDGE["location"])),
    (message("link", MsgId="6"), Say(texts.ACKNOWLEDGE["link"])),
    (message("video", MsgId="7"), Say(texts.ACKNOWLEDGE["video"])),
    (message("event", Event="subscribe"), Say(texts.WELCOME, "welcome")),
    (message("event", Event="unsubscribe"), Unsubscribe()),
    (message("event", Event="CLICK", EventKey="balance"), ToBot("/ask_balance", is_command=True)),
    (message("event", Event="CLICK", EventKey="HUMAN"), ToBot("/request_human", is_command=True)),
    (message("event", Event="TEMPLATESENDJOBFINISH", MsgID="200163836", Status="success"),
     DeliveryReceipt(200163836, "success")),
    (message("miniprogrampage", MsgId="8"), Say(texts.UNSUPPORTED)),
])
def test_decisions(inbound, expected):
    assert decide(inbound) == expected


def test_events_with_nothing_to_say_are_ignored():
    assert isinstance(decide(message("event", Event="VIEW", EventKey="http://x")), Ignore)
    assert isinstance(decide(message("event", Event="CLICK", EventKey="NO_SUCH_KEY")), Ignore)


def test_not_a_message():
    with pytest.raises(NotAMessage):
        inbound_from_fields({"ToUserName": "gh", "MsgType": "text"})
    with pytest.raises(NotAMessage):
        inbound_from_fields({"FromUserName": "o", "MsgType": "text", "CreateTime": "soon"})


def test_chat_cli_lines():
    assert parse_line("你好") == ("text", "你好", None)
    assert parse_line(":click pay") == ("click", "", "PAY")
    assert parse_line(":voice 电梯坏了") == ("voice", "电梯坏了", None)
    with pytest.raises(ValueError):
        parse_line(":dance")


def test_delivery_receipts_and_unsubscribes_do_not_open_the_window():
    assert message("text", Content="x", MsgId="1").from_follower
    assert message("event", Event="subscribe").from_follower and message("event", Event="CLICK").from_follower
    assert not message("event", Event="TEMPLATESENDJOBFINISH", MsgID="1").from_follower
    assert not message("event", Event="unsubscribe").from_follower


def test_the_fake_api_refuses_clients_that_are_not_on_loopback():
    import anyio

    from bot.wechat.loopback_only import LoopbackOnly

    sent = []

    async def app(scope, receive, send):
        sent.append("reached")

    async def call(host):
        messages = []

        async def send(message):
            messages.append(message)

        await LoopbackOnly(app)({"type": "http", "client": (host, 1234)}, None, send)
        return messages

    assert anyio.run(call, "203.0.113.9")[0]["status"] == 403 and sent == []
    anyio.run(call, "127.0.0.1")
    assert sent == ["reached"]
