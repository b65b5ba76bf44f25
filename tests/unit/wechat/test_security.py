"""Checks on inbound WeChat requests: signatures, freshness, AES unwrap, hardened XML, reply wrapping."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.wechat.envelope import read_reply, signature_for, text_xml
from bot.wechat.security import (
    Credentials,
    Unwrapped,
    WeChatRejected,
    crypto_for,
    parse_xml,
    unwrap,
    verify_url,
    wrap_reply,
)

# WeChat's legacy official WXBizMsgCrypt sample (a compatible-mode packet), copied from
# /work/shared/fixtures/wechat_official_vector.json so the suite does not depend on a path outside the repo.
VECTOR_CREDS = Credentials(
    token="spamtest", app_id="wx2c2769f8efd9abc2", encoding_aes_key="abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)
VECTOR_QUERY = {
    "signature": "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a",
    "timestamp": "1409735669",
    "nonce": "1320562132",
    "encrypt_type": "aes",
    "msg_signature": "5d197aaffba7e9b25a30732f161a50dee96bd5fa",
}
VECTOR_BODY = (
    b"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]>"
    b"</FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]>"
    b"</Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655H"
    b"uD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNl"
    b"ZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3"
    b"yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJ"
    b"SgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt></xml>"
)
VECTOR_NOW = datetime.fromtimestamp(1409735669, UTC)
MAX_AGE = timedelta(minutes=5)

# encrypted_only=False lets these tests feed plain packets to a keyed account (the development default's setting);
# the downgrade tests below use the production setting.
CREDS = Credentials(token="wuye-token", app_id="wx0123456789abcdef", encoding_aes_key="A" * 42 + "E",
                    encrypted_only=False)
STRICT = replace(CREDS, encrypted_only=True)
PLAIN_CREDS = replace(CREDS, encoding_aes_key=None)
TS = 1_790_000_000
NOW = datetime.fromtimestamp(TS, UTC)
XML = text_xml("gh_account", "o_owner_1", "我家3栋502的物业费交了吗？", 7_000_000_000_000_000_001, TS)

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    "<xml><Content>&lol4;</Content></xml>"
)
XXE = '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>'


def _rejected(status: int, call, *args, **kwargs) -> WeChatRejected:
    with pytest.raises(WeChatRejected) as info:
        call(*args, **kwargs)
    assert info.value.status == status
    return info.value


# --- the official vector -------------------------------------------------------------------------------------------


def test_official_vector_decrypts():
    got = unwrap(VECTOR_CREDS, VECTOR_QUERY, VECTOR_BODY, VECTOR_NOW, MAX_AGE)
    assert got.encrypted and got.nonce == "1320562132" and got.timestamp == "1409735669"
    fields = parse_xml(got.xml)
    assert fields["MsgType"] == "text"
    assert fields["Content"] == "abcdteT"
    assert fields["MsgId"] == "6054768590064713728"
    assert fields["FromUserName"] == "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
    assert "Encrypt" not in fields  # the inner XML, not the outer envelope


def test_official_vector_wrong_msg_signature():
    query = VECTOR_QUERY | {"msg_signature": "0" * 40}
    assert _rejected(403, unwrap, VECTOR_CREDS, query, VECTOR_BODY, VECTOR_NOW, MAX_AGE).reason == "bad msg_signature"


def test_official_vector_missing_msg_signature():
    query = {k: v for k, v in VECTOR_QUERY.items() if k != "msg_signature"}
    _rejected(403, unwrap, VECTOR_CREDS, query, VECTOR_BODY, VECTOR_NOW, MAX_AGE)


def test_official_vector_wrong_appid():
    creds = replace(VECTOR_CREDS, app_id="wx0000000000000000")
    assert "appid" in _rejected(403, unwrap, creds, VECTOR_QUERY, VECTOR_BODY, VECTOR_NOW, MAX_AGE).reason


@pytest.mark.parametrize("signature", ["16120ec1b8dbb870f510d87ce6bc2463eae6ca1b", ""])
def test_official_vector_bad_signature(signature):
    query = VECTOR_QUERY | {"signature": signature}
    _rejected(403, unwrap, VECTOR_CREDS, query, VECTOR_BODY, VECTOR_NOW, MAX_AGE)


@pytest.mark.parametrize("missing", ["signature", "timestamp", "nonce"])
def test_official_vector_missing_signature_part(missing):
    query = {k: v for k, v in VECTOR_QUERY.items() if k != missing}
    _rejected(403, unwrap, VECTOR_CREDS, query, VECTOR_BODY, VECTOR_NOW, MAX_AGE)


@pytest.mark.parametrize("skew", [MAX_AGE + timedelta(seconds=1), -(MAX_AGE + timedelta(seconds=1))])
def test_official_vector_stale_timestamp(skew):
    reason = _rejected(403, unwrap, VECTOR_CREDS, VECTOR_QUERY, VECTOR_BODY, VECTOR_NOW + skew, MAX_AGE).reason
    assert reason == "stale timestamp"


def test_timestamp_at_the_edge_of_the_window_is_accepted():
    assert unwrap(VECTOR_CREDS, VECTOR_QUERY, VECTOR_BODY, VECTOR_NOW + MAX_AGE, MAX_AGE).encrypted


def test_official_vector_without_aes_key():
    creds = replace(VECTOR_CREDS, encoding_aes_key=None)
    _rejected(400, unwrap, creds, VECTOR_QUERY, VECTOR_BODY, VECTOR_NOW, MAX_AGE)


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError):
        unwrap(VECTOR_CREDS, VECTOR_QUERY, VECTOR_BODY, VECTOR_NOW.replace(tzinfo=None), MAX_AGE)


# --- other request checks ------------------------------------------------------------------------------------------


def _plain_query(timestamp: str = str(TS), nonce: str = "n0nce") -> dict[str, str]:
    return {"signature": signature_for(CREDS.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}


@pytest.mark.parametrize("timestamp", ["abc", "1.5", "-5", "", "１２３"])
def test_signed_but_non_integer_timestamp(timestamp):
    _rejected(403, unwrap, CREDS, _plain_query(timestamp), XML.encode(), NOW, MAX_AGE)


def test_absurd_timestamp_does_not_overflow():
    reason = _rejected(403, unwrap, CREDS, _plain_query("9" * 40), XML.encode(), NOW, MAX_AGE).reason
    assert reason == "stale timestamp"


def test_unknown_encrypt_type():
    query = _plain_query() | {"encrypt_type": "rot13"}
    _rejected(400, unwrap, CREDS, query, XML.encode(), NOW, MAX_AGE)


def test_encrypted_request_without_encrypt_element():
    query = _plain_query() | {"encrypt_type": "aes", "msg_signature": "x"}
    _rejected(400, unwrap, CREDS, query, XML.encode(), NOW, MAX_AGE)


@pytest.mark.parametrize("encrypt", ["bm90IGFlcw==", "%%%not base64%%%", "A" * 64])
def test_undecryptable_encrypt_with_valid_msg_signature(encrypt):
    # Short / non-base64 ciphertext, or whole blocks that decrypt to garbage: 400, never a crash.
    msg_signature = signature_for(CREDS.token, str(TS), "n0nce", encrypt)
    query = _plain_query() | {"encrypt_type": "aes", "msg_signature": msg_signature}
    body = f"<xml><ToUserName>gh</ToUserName><Encrypt>{encrypt}</Encrypt></xml>".encode()
    _rejected(400, unwrap, CREDS, query, body, NOW, MAX_AGE)


def test_plain_request_keeps_body():
    got = unwrap(PLAIN_CREDS, _plain_query(), XML.encode(), NOW, MAX_AGE)
    assert got == Unwrapped(xml=XML, encrypted=False, nonce="n0nce", timestamp=str(TS),
                            signature=_plain_query()["signature"])


def _encrypted_packet(inner: str, nonce: str = "n0nce") -> tuple[dict[str, str], bytes]:
    """A correctly signed and encrypted packet around any inner text (sign_request refuses to build bad XML)."""
    envelope = parse_xml(crypto_for(CREDS).encrypt_message(inner, nonce, str(TS)))
    query = _plain_query(nonce=nonce) | {"encrypt_type": "aes", "msg_signature": envelope["MsgSignature"]}
    return query, f"<xml><ToUserName>gh</ToUserName><Encrypt>{envelope['Encrypt']}</Encrypt></xml>".encode()


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE])
def test_entity_attacks_are_refused_plain(attack):
    assert "forbidden" in _rejected(400, unwrap, CREDS, _plain_query(), attack.encode(), NOW, MAX_AGE).reason


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE])
def test_entity_attacks_are_refused_inside_encryption(attack):
    query, body = _encrypted_packet(attack)
    assert "forbidden" in _rejected(400, unwrap, CREDS, query, body, NOW, MAX_AGE).reason


def test_entity_attack_in_outer_envelope_is_refused():
    query, _ = _encrypted_packet(XML)
    _rejected(400, unwrap, CREDS, query, XXE.encode(), NOW, MAX_AGE)


def test_malformed_decrypted_xml():
    # An authentic, decryptable packet whose inner XML is broken is still refused.
    query, body = _encrypted_packet("<xml><Content>")
    assert _rejected(400, unwrap, CREDS, query, body, NOW, MAX_AGE).reason == "malformed XML"


def test_encrypted_packet_helper_is_sound():
    query, body = _encrypted_packet(XML)
    assert unwrap(CREDS, query, body, NOW, MAX_AGE).xml == XML


@pytest.mark.parametrize("body", [b"", b"   ", b"<xml>", b"not xml", b"<html><body/></html>", b"\xff\xfe<xml/>"])
def test_unreadable_plain_bodies(body):
    _rejected(400, unwrap, PLAIN_CREDS, _plain_query(), body, NOW, MAX_AGE)


# --- parse_xml -----------------------------------------------------------------------------------------------------


def test_parse_xml_flat_fields_from_str_and_bytes():
    assert (
        parse_xml(XML)
        == parse_xml(XML.encode())
        == {
            "ToUserName": "gh_account",
            "FromUserName": "o_owner_1",
            "CreateTime": str(TS),
            "MsgType": "text",
            "Content": "我家3栋502的物业费交了吗？",
            "MsgId": "7000000000000000001",
        }
    )


def test_parse_xml_with_declaration_and_nested_element():
    xml = '<?xml version="1.0" encoding="UTF-8"?><xml><Event>scancode_push</Event><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo><!-- c --></xml>'  # noqa: E501
    fields = parse_xml(xml)
    assert fields["Event"] == "scancode_push"
    assert "ScanType" not in fields and fields["ScanCodeInfo"] == ""


@pytest.mark.parametrize("text", ["", "  \n", "<xml><a></xml>", "<xml>", "plain words", "<xml/><xml/>"])
def test_parse_xml_malformed(text):
    assert _rejected(400, parse_xml, text).reason in ("empty body", "malformed XML")


@pytest.mark.parametrize("text", ["<html><a>1</a></html>", "<XML><a>1</a></XML>", '<x:xml xmlns:x="urn:x"/>'])
def test_parse_xml_root_must_be_xml(text):
    assert _rejected(400, parse_xml, text).reason == "root element is not <xml>"


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE, '<!DOCTYPE xml SYSTEM "http://127.0.0.1:1/x.dtd"><xml/>'])
def test_parse_xml_refuses_dtds_without_expanding(attack):
    error = _rejected(400, parse_xml, attack)
    assert "forbidden" in error.reason
    assert "lol" not in str(error) and "root:" not in str(error)


def test_parse_xml_refuses_duplicate_fields():
    assert "duplicate" in _rejected(400, parse_xml, "<xml><Content>a</Content><Content>b</Content></xml>").reason


# --- verify_url ----------------------------------------------------------------------------------------------------


def test_verify_url_echoes():
    assert verify_url(VECTOR_CREDS, VECTOR_QUERY["signature"], "1409735669", "1320562132", "echo-123", VECTOR_NOW,
                      MAX_AGE) == "echo-123"


def test_verify_url_checks_the_timestamp_window_too():
    later = VECTOR_NOW + MAX_AGE + timedelta(seconds=1)
    _rejected(403, verify_url, VECTOR_CREDS, VECTOR_QUERY["signature"], "1409735669", "1320562132", "echo", later,
              MAX_AGE)


@pytest.mark.parametrize(
    ("signature", "timestamp", "nonce"),
    [("0" * 40, "1409735669", "1320562132"), (VECTOR_QUERY["signature"], "1409735670", "1320562132"), ("", "1", "2")],
)
def test_verify_url_bad_signature(signature, timestamp, nonce):
    _rejected(403, verify_url, VECTOR_CREDS, signature, timestamp, nonce, "echo-123", VECTOR_NOW, MAX_AGE)


# --- wrap_reply ----------------------------------------------------------------------------------------------------

REPLY = (
    "<xml><ToUserName><![CDATA[o_owner_1]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName>"
    "<CreateTime>1790000001</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[已交清]]></Content></xml>"
)


def test_wrap_reply_plain_is_unchanged():
    assert wrap_reply(CREDS, REPLY, Unwrapped(XML, False, "n", str(TS), "sig")) == REPLY


@pytest.mark.parametrize("literal", ["success", ""])
def test_wrap_reply_success_and_empty_stay_plain(literal):
    assert wrap_reply(CREDS, literal, Unwrapped(XML, True, "n", str(TS), "sig")) == literal


def test_wrap_reply_encrypts_with_request_nonce_and_timestamp():
    wrapped = wrap_reply(CREDS, REPLY, Unwrapped(XML, True, "n0nce", str(TS), "sig"))
    envelope = parse_xml(wrapped)
    assert envelope["Nonce"] == "n0nce" and envelope["TimeStamp"] == str(TS)
    assert "已交清" not in wrapped
    assert read_reply(CREDS, wrapped, encrypted=True) == parse_xml(REPLY)


# --- Credentials ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["short", "A" * 43 + "=", "!" * 43])
def test_credentials_reject_bad_aes_key(key):
    with pytest.raises(ValueError):
        Credentials(token="t", app_id="wx", encoding_aes_key=key)


def test_credentials_reject_empty_token():
    with pytest.raises(ValueError):
        Credentials(token="", app_id="wx", encoding_aes_key=None)


def test_rejection_carries_status_and_reason():
    error = WeChatRejected(403, "bad signature")
    assert (error.status, error.reason, str(error)) == (403, "bad signature", "403: bad signature")


# --- downgrade and replay --------------------------------------------------------------------------------------------


def test_an_account_with_a_key_refuses_plain_posts():
    assert _rejected(403, unwrap, STRICT, _plain_query(), XML.encode(), NOW, MAX_AGE).reason == (
        "this account accepts encrypted messages only")


def test_compatible_mode_reads_only_the_encrypted_part():
    inner = text_xml("gh_account", "o_owner_1", "真的内容", 1, TS)
    query, body = _encrypted_packet(inner)
    forged = body.replace(b"<ToUserName>gh</ToUserName>", b"<ToUserName>gh</ToUserName><FromUserName>oVictim"
                          b"</FromUserName><Content>forged</Content>")
    got = unwrap(STRICT, query, forged, NOW, MAX_AGE)
    assert got.encrypted and parse_xml(got.xml)["Content"] == "真的内容"
    assert parse_xml(got.xml)["FromUserName"] == "o_owner_1"


def test_the_replay_key_names_the_signed_url():
    first = unwrap(PLAIN_CREDS, _plain_query(), XML.encode(), NOW, MAX_AGE)
    again = unwrap(PLAIN_CREDS, _plain_query(), b"<xml><Content>other body</Content></xml>", NOW, MAX_AGE)
    other = unwrap(PLAIN_CREDS, _plain_query(nonce="another"), XML.encode(), NOW, MAX_AGE)
    assert first.replay_key == again.replay_key != other.replay_key
