"""Build what WeChat would send to /wechat, and read what we answer: for the simulator, the bench and tests.

The output follows the official packet shapes (plain, compatible and safe modes) so that the webhook is exercised
exactly as in production, including signatures and AES.
"""

import hashlib
import re
from collections.abc import Mapping
from typing import Literal

from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

from bot.wechat.security import FORBIDDEN, MALFORMED, Credentials, WeChatRejected, crypto_for, parse_xml

Mode = Literal["plain", "compatible", "safe"]
FieldValue = str | int | float

# Which fields each non-text message carries, in WeChat's order (Recognition only with speech recognition on).
MEDIA_FIELDS: Mapping[str, tuple[str, ...]] = {
    "image": ("PicUrl", "MediaId"),
    "voice": ("MediaId", "Format", "Recognition"),
    "video": ("MediaId", "ThumbMediaId"),
    "shortvideo": ("MediaId", "ThumbMediaId"),
    "location": ("Location_X", "Location_Y", "Scale", "Label"),
    "link": ("Title", "Description", "Url"),
}

_TAG = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def signature_for(token: str, timestamp: str | int, nonce: str, encrypt: str | None = None) -> str:
    """sha1 of the sorted, concatenated parts: ``signature`` without ``encrypt``, ``msg_signature`` with it."""
    parts = [token, str(timestamp), nonce] + ([encrypt] if encrypt is not None else [])
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


# Characters XML 1.0 does not allow anywhere, not even in CDATA: a reply holding one would not parse at all.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def cdata(text: str) -> str:
    """Text as CDATA that no content can break out of: "]]>" would end the section early, so it is split across
    two sections (the parsed text is unchanged); characters XML forbids are dropped."""
    return "<![CDATA[" + _NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _field(tag: str, value: FieldValue) -> str:
    if not _TAG.fullmatch(tag):
        raise ValueError(f"not an XML tag name: {tag!r}")
    # WeChat writes numbers bare (CreateTime, MsgId, Location_X) and strings as CDATA.
    body = str(value) if isinstance(value, int | float) else cdata(value)
    return f"<{tag}>{body}</{tag}>"


def _packet(to_user: str, from_user: str, create_time: int, msg_type: str, fields: list[tuple[str, FieldValue]]) -> str:
    head = [("ToUserName", to_user), ("FromUserName", from_user), ("CreateTime", create_time), ("MsgType", msg_type)]
    return "<xml>" + "".join(_field(tag, value) for tag, value in head + fields) + "</xml>"


def text_xml(to_user: str, from_user: str, content: str, msg_id: int, create_time: int) -> str:
    return _packet(to_user, from_user, create_time, "text", [("Content", content), ("MsgId", msg_id)])


def text_reply_xml(to_user: str, from_user: str, content: str, create_time: int) -> str:
    """A passive text reply (被动回复). Every echoed value (our account, the follower's openid, the text, which
    may quote the owner) goes through cdata(), so none can close its section or add an element."""
    return _packet(to_user, from_user, create_time, "text", [("Content", content)])


def event_xml(
    to_user: str,
    from_user: str,
    event: str,
    create_time: int,
    event_key: str | None = None,
    extra: Mapping[str, FieldValue] | None = None,
) -> str:
    """An event push (subscribe, CLICK, TEMPLATESENDJOBFINISH, ...). Events carry no MsgId."""
    fields: list[tuple[str, FieldValue]] = [("Event", event)]
    if event_key is not None:
        fields.append(("EventKey", event_key))
    fields.extend((extra or {}).items())
    return _packet(to_user, from_user, create_time, "event", fields)


def media_xml(
    to_user: str, from_user: str, msg_type: str, create_time: int, msg_id: int, fields: Mapping[str, FieldValue]
) -> str:
    """A voice, image, video, shortvideo, location or link message; ``fields`` must be among MEDIA_FIELDS[msg_type]."""
    allowed = MEDIA_FIELDS.get(msg_type)
    if allowed is None:
        raise ValueError(f"unknown media message type: {msg_type!r}")
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"fields not sent with {msg_type} messages: {sorted(unknown)}")
    ordered: list[tuple[str, FieldValue]] = [(tag, fields[tag]) for tag in allowed if tag in fields]
    return _packet(to_user, from_user, create_time, msg_type, ordered + [("MsgId", msg_id)])


def sign_request(creds: Credentials, xml: str, mode: Mode, timestamp: int, nonce: str) -> tuple[dict[str, str], bytes]:
    """Return (query params, body) as WeChat would POST ``xml`` in ``mode``."""
    if mode not in ("plain", "compatible", "safe"):
        raise ValueError(f"unknown mode: {mode!r}")
    fields = parse_xml(xml)
    ts = str(timestamp)
    query = {"signature": signature_for(creds.token, ts, nonce), "timestamp": ts, "nonce": nonce}
    if "FromUserName" in fields:
        query["openid"] = fields["FromUserName"]
    if mode == "plain":
        return query, xml.encode("utf-8")

    envelope = parse_xml(crypto_for(creds).encrypt_message(xml, nonce=nonce, timestamp=ts))
    encrypt = envelope["Encrypt"]
    query["encrypt_type"] = "aes"
    query["msg_signature"] = signature_for(creds.token, ts, nonce, encrypt)
    if mode == "compatible":
        # Plaintext fields stay readable for servers that have not switched to safe mode yet.
        stripped = xml.rstrip()
        if not stripped.endswith("</xml>"):
            raise ValueError("xml must end with </xml>")
        body = stripped[: -len("</xml>")] + _field("Encrypt", encrypt) + "</xml>"
    else:  # safe: only the account and the ciphertext travel in the clear
        body = "<xml>" + _field("ToUserName", fields.get("ToUserName", "")) + _field("Encrypt", encrypt) + "</xml>"
    return query, body.encode("utf-8")


def read_reply(creds: Credentials, body: str, encrypted: bool) -> dict[str, str] | None:
    """Parse a passive reply as WeChat would; None for "success"/"" (nothing to show the user)."""
    if body.strip() in ("success", ""):
        return None
    if not encrypted:
        return parse_xml(body)
    envelope = parse_xml(body)
    try:
        encrypt, signature = envelope["Encrypt"], envelope["MsgSignature"]
        timestamp, nonce = envelope["TimeStamp"], envelope["Nonce"]
    except KeyError as exc:
        raise WeChatRejected(MALFORMED, f"encrypted reply lacks <{exc.args[0]}>") from None
    try:
        inner = crypto_for(creds).decrypt_message({"Encrypt": encrypt}, signature, timestamp, nonce)
    except InvalidSignatureException:
        raise WeChatRejected(FORBIDDEN, "bad reply MsgSignature") from None
    except InvalidAppIdException:
        raise WeChatRejected(FORBIDDEN, "reply is for another appid") from None
    return parse_xml(inner)
