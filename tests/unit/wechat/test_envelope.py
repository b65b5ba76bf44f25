"""Packets the simulator builds as WeChat would send them, and their round trip through the webhook checks."""

from datetime import UTC, datetime, timedelta

import pytest
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import ClickEvent
from wechatpy.messages import LocationMessage, TextMessage, VoiceMessage
from wechatpy.replies import TextReply

from bot.wechat.envelope import (
    MEDIA_FIELDS,
    cdata,
    event_xml,
    media_xml,
    read_reply,
    sign_request,
    signature_for,
    text_xml,
)
from bot.wechat.security import Credentials, Unwrapped, WeChatRejected, crypto_for, parse_xml, unwrap, wrap_reply

CREDS = Credentials(token="wuye-token", app_id="wx0123456789abcdef", encoding_aes_key="A" * 42 + "E",
                    encrypted_only=False)  # these round trips cover plain mode too
TS = 1_790_000_000
NOW = datetime.fromtimestamp(TS, UTC)
MAX_AGE = timedelta(minutes=5)
TEXT = text_xml("gh_account", "o_owner_1", "物业费交了吗？]]> <b>&amp;", 7_000_000_000_000_000_001, TS)
# A passive reply as the webhook renders it (wechatpy swaps source and target relative to the message).
REPLY = TextReply(source="gh_account", target="o_owner_1", time=TS + 1, content="已交清，谢谢。").render()


# --- signatures ----------------------------------------------------------------------------------------------------


def test_signature_for_matches_the_official_vector():
    # token/timestamp/nonce and both signatures from WeChat's WXBizMsgCrypt sample (see test_security.py).
    assert signature_for("spamtest", "1409735669", "1320562132") == "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"
    assert signature_for("spamtest", 1409735669, "1320562132") == "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a"


def test_msg_signature_agrees_with_wechatpy():
    envelope = parse_xml(crypto_for(CREDS).encrypt_message(TEXT, "n0nce", str(TS)))
    assert signature_for(CREDS.token, TS, "n0nce", envelope["Encrypt"]) == envelope["MsgSignature"]


# --- XML builders --------------------------------------------------------------------------------------------------


def test_cdata_splits_the_terminator():
    assert cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>"


def test_text_xml_round_trips_awkward_content():
    fields = parse_xml(TEXT)
    assert fields["Content"] == "物业费交了吗？]]> <b>&amp;"
    assert fields["MsgType"] == "text" and fields["MsgId"] == "7000000000000000001"
    assert "<CreateTime>1790000000</CreateTime>" in TEXT  # numbers bare, as WeChat writes them
    message = parse_message(TEXT)
    assert isinstance(message, TextMessage)
    assert message.content == "物业费交了吗？]]> <b>&amp;" and message.source == "o_owner_1"


def test_event_xml_with_key_and_extra():
    xml = event_xml("gh_account", "o_owner_1", "CLICK", TS, event_key="MENU_FEES", extra={"Precision": 1.5})
    fields = parse_xml(xml)
    assert fields["MsgType"] == "event" and fields["Event"] == "CLICK" and fields["EventKey"] == "MENU_FEES"
    assert fields["Precision"] == "1.5" and "MsgId" not in fields
    event = parse_message(xml)
    assert isinstance(event, ClickEvent) and event.key == "MENU_FEES"


def test_event_xml_without_key():
    fields = parse_xml(event_xml("gh_account", "o_owner_1", "subscribe", TS))
    assert fields["Event"] == "subscribe" and "EventKey" not in fields


def test_event_xml_template_receipt():
    xml = event_xml("gh", "o", "TEMPLATESENDJOBFINISH", TS, extra={"MsgID": 200163836, "Status": "failed:user block"})
    assert parse_xml(xml)["Status"] == "failed:user block"
    assert "<MsgID>200163836</MsgID>" in xml


@pytest.mark.parametrize(
    ("msg_type", "fields"),
    [
        ("voice", {"MediaId": "m1", "Format": "amr", "Recognition": "我要报修"}),
        ("image", {"PicUrl": "http://127.0.0.1/p.jpg", "MediaId": "m2"}),
        ("location", {"Location_X": 31.2304, "Location_Y": 121.4737, "Scale": 15, "Label": "上海市黄浦区"}),
        ("link", {"Title": "缴费通知", "Description": "十一月", "Url": "http://127.0.0.1/n"}),
        ("video", {"MediaId": "m3", "ThumbMediaId": "t3"}),
        ("shortvideo", {"MediaId": "m4", "ThumbMediaId": "t4"}),
    ],
)
def test_media_xml_round_trips(msg_type, fields):
    xml = media_xml("gh_account", "o_owner_1", msg_type, TS, 42, fields)
    parsed = parse_xml(xml)
    assert parsed["MsgType"] == msg_type and parsed["MsgId"] == "42"
    assert {tag: parsed[tag] for tag in fields} == {tag: str(value) for tag, value in fields.items()}
    assert list(parsed)[4:-1] == [tag for tag in MEDIA_FIELDS[msg_type] if tag in fields]  # WeChat's field order


def test_media_xml_parsed_by_wechatpy():
    voice = parse_message(
        media_xml("gh", "o", "voice", TS, 1, {"MediaId": "m", "Format": "amr", "Recognition": "报修"})
    )
    assert isinstance(voice, VoiceMessage) and voice.recognition == "报修"
    loc = parse_message(
        media_xml("gh", "o", "location", TS, 2, {"Location_X": 31.2, "Location_Y": 121.4, "Scale": 15, "Label": "x"})
    )
    assert isinstance(loc, LocationMessage) and loc.location == ("31.2", "121.4")


@pytest.mark.parametrize(
    ("msg_type", "fields"),
    [("text", {"Content": "x"}), ("sticker", {}), ("image", {"Content": "x"}), ("voice", {"Bad Tag": "x"})],
)
def test_media_xml_refuses_unknown_types_and_fields(msg_type, fields):
    with pytest.raises(ValueError):
        media_xml("gh", "o", msg_type, TS, 1, fields)


def test_extra_tags_must_be_xml_names():
    with pytest.raises(ValueError):
        event_xml("gh", "o", "CLICK", TS, extra={"a><b": "x"})


# --- sign_request → unwrap round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
@pytest.mark.parametrize(
    "xml",
    [
        TEXT,
        event_xml("gh_account", "o_owner_1", "subscribe", TS, event_key="qrscene_building_3"),
        media_xml("gh_account", "o_owner_1", "voice", TS, 9, {"MediaId": "m", "Format": "amr", "Recognition": "报修"}),
    ],
)
def test_round_trip_in_every_mode(mode, xml):
    query, body = sign_request(CREDS, xml, mode, TS, "n0nce")
    got = unwrap(CREDS, query, body, NOW, MAX_AGE)
    assert got.encrypted is (mode != "plain")
    assert (got.nonce, got.timestamp) == ("n0nce", str(TS))
    assert parse_xml(got.xml) == parse_xml(xml)


def test_plain_request_shape():
    query, body = sign_request(CREDS, TEXT, "plain", TS, "n0nce")
    assert query == {
        "signature": signature_for(CREDS.token, TS, "n0nce"),
        "timestamp": str(TS),
        "nonce": "n0nce",
        "openid": "o_owner_1",
    }
    assert body == TEXT.encode()


def test_compatible_request_shape():
    query, body = sign_request(CREDS, TEXT, "compatible", TS, "n0nce")
    outer = parse_xml(body)
    assert {k: v for k, v in outer.items() if k != "Encrypt"} == parse_xml(TEXT)
    assert query["encrypt_type"] == "aes" and query["openid"] == "o_owner_1"
    assert query["msg_signature"] == signature_for(CREDS.token, TS, "n0nce", outer["Encrypt"])
    # wechatpy, as a third party, decrypts what we built.
    crypto = WeChatCrypto(CREDS.token, CREDS.encoding_aes_key, CREDS.app_id)
    assert crypto.decrypt_message({"Encrypt": outer["Encrypt"]}, query["msg_signature"], str(TS), "n0nce") == TEXT


def test_safe_request_shape():
    query, body = sign_request(CREDS, TEXT, "safe", TS, "n0nce")
    outer = parse_xml(body)
    assert list(outer) == ["ToUserName", "Encrypt"] and outer["ToUserName"] == "gh_account"
    assert "物业费" not in body.decode()
    assert set(query) == {"signature", "timestamp", "nonce", "openid", "encrypt_type", "msg_signature"}


def test_tampered_safe_request_is_refused():
    query, body = sign_request(CREDS, TEXT, "safe", TS, "n0nce")
    with pytest.raises(WeChatRejected) as info:
        unwrap(CREDS, query | {"nonce": "other"}, body, NOW, MAX_AGE)
    assert info.value.status == 403


@pytest.mark.parametrize("mode", ["compatible", "safe"])
def test_encrypted_modes_need_a_key(mode):
    with pytest.raises(ValueError):
        sign_request(Credentials(token="t", app_id="wx", encoding_aes_key=None), TEXT, mode, TS, "n")


def test_unknown_mode():
    with pytest.raises(ValueError):
        sign_request(CREDS, TEXT, "raw", TS, "n")  # type: ignore[arg-type]


# --- replies -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
def test_reply_round_trip(mode):
    query, body = sign_request(CREDS, TEXT, mode, TS, "n0nce")
    unwrapped = unwrap(CREDS, query, body, NOW, MAX_AGE)
    wrapped = wrap_reply(CREDS, REPLY, unwrapped)
    assert read_reply(CREDS, wrapped, unwrapped.encrypted) == parse_xml(REPLY)


@pytest.mark.parametrize("body", ["success", "", " \n"])
@pytest.mark.parametrize("encrypted", [True, False])
def test_read_reply_nothing_to_show(body, encrypted):
    assert read_reply(CREDS, body, encrypted) is None


def test_read_reply_refuses_a_bad_signature():
    wrapped = wrap_reply(CREDS, REPLY, Unwrapped(TEXT, True, "n0nce", str(TS), "sig"))
    signature = parse_xml(wrapped)["MsgSignature"]
    with pytest.raises(WeChatRejected) as info:
        read_reply(CREDS, wrapped.replace(signature, "0" * 40), encrypted=True)
    assert info.value.status == 403


def test_read_reply_refuses_an_incomplete_envelope():
    with pytest.raises(WeChatRejected) as info:
        read_reply(CREDS, "<xml><Encrypt>abc</Encrypt></xml>", encrypted=True)
    assert info.value.status == 400
