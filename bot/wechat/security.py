"""Checks on what arrives at GET/POST /wechat: signatures, freshness, AES unwrap and hardened XML parsing.

Pure: no I/O, no clock (``now`` comes from the caller), so the webhook and the tests share one code path.
Every rejection is a ``WeChatRejected`` with the HTTP status the webhook should answer with.

The plain-mode ``signature`` covers only token, timestamp and nonce, not the body: within the timestamp window a
captured URL would carry any body. So the gateway remembers each signed URL it accepted (``replay_key``) for the
window and refuses a second use. An account with an EncodingAESKey accepts encrypted posts only (in compatible
mode the encrypted part is the one read), so nobody can downgrade it to plain text.
"""

import base64
import binascii
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import check_signature

FORBIDDEN = 403  # the sender could not prove it is WeChat (or the packet is not for us)
MALFORMED = 400  # authentic or not, we cannot read it

MAX_NONCE_LENGTH = 64  # WeChat's nonces and timestamps are short numbers; this bounds what replay memory keeps

# Replies WeChat accepts in plain text even in safe mode: both mean "received, nothing to say".
_UNENCRYPTED_REPLIES = frozenset({"success", ""})


class WeChatRejected(Exception):
    """A request the webhook must refuse; ``status`` is the HTTP status, ``reason`` a short English phrase for logs."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Credentials:
    """The 服务器配置 of one Official Account. ``encoding_aes_key`` None means plain mode only; with a key,
    ``encrypted_only`` refuses plain posts (the embedded default turns it off so the simulator can show all three
    modes with its public development key)."""

    token: str
    app_id: str
    encoding_aes_key: str | None
    encrypted_only: bool = True

    def __post_init__(self) -> None:
        # Fail at start-up on a mistyped key rather than on the first encrypted message
        # (wechatpy only checks the key length with an ``assert``).
        if not self.token:
            raise ValueError("WeChat token must not be empty")
        if self.encoding_aes_key is not None:
            try:
                key = base64.b64decode(self.encoding_aes_key + "=", validate=True)
            except binascii.Error as exc:
                raise ValueError("EncodingAESKey is not base64") from exc
            if len(self.encoding_aes_key) != 43 or len(key) != 32:
                raise ValueError("EncodingAESKey must be 43 characters (32 bytes)")


@dataclass(frozen=True)
class Unwrapped:
    """The inner message XML and what is needed to answer in the same mode."""

    xml: str
    encrypted: bool
    nonce: str
    timestamp: str
    signature: str

    @property
    def replay_key(self) -> str:
        """What makes this signed URL unique: a second request with it is a replay (WeChat's own retries of a
        message are signed anew, with a new nonce)."""
        return f"replay:{self.timestamp}:{self.nonce}:{self.signature}"


def crypto_for(creds: Credentials) -> WeChatCrypto:
    if creds.encoding_aes_key is None:
        raise ValueError("this account has no EncodingAESKey (plain mode only)")
    return WeChatCrypto(creds.token, creds.encoding_aes_key, creds.app_id)


def parse_xml(text: str | bytes) -> dict[str, str]:
    """Parse a WeChat XML packet into {child tag: text}, refusing DTDs, entities and external references.

    Elements with sub-elements (e.g. ScanCodeInfo) contribute only their own text; use wechatpy's parser on the
    validated XML for those. A repeated top-level tag is refused so that no two readers can disagree on a field.
    """
    if not text or not text.strip():
        raise WeChatRejected(MALFORMED, "empty body")
    try:
        # forbid_dtd: WeChat never sends a DOCTYPE, so any DTD (billion laughs, XXE) is refused before expansion.
        root = SafeET.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise WeChatRejected(MALFORMED, f"forbidden XML construct ({type(exc).__name__})") from None
    except (ParseError, ValueError):
        raise WeChatRejected(MALFORMED, "malformed XML") from None
    if root.tag != "xml":
        raise WeChatRejected(MALFORMED, "root element is not <xml>")
    fields: dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str):  # comments / processing instructions
            continue
        if child.tag in fields:
            raise WeChatRejected(MALFORMED, f"duplicate <{child.tag}>")
        fields[child.tag] = child.text or ""
    return fields


def verify_url(creds: Credentials, signature: str, timestamp: str, nonce: str, echostr: str, now: datetime,
               max_age: timedelta) -> str:
    """GET /wechat URL verification: echo ``echostr`` back only if ``signature`` is ours and the timestamp fresh."""
    timestamp, _ = _check_signature(creds, signature, timestamp, nonce)
    _check_fresh(timestamp, now, max_age)
    return echostr


def unwrap(creds: Credentials, query: Mapping[str, str], body: bytes, now: datetime, max_age: timedelta) -> Unwrapped:
    """Authenticate a POST /wechat and return the inner message XML (decrypted in compatible/safe mode)."""
    # ``signature`` covers only token/timestamp/nonce, but it is the one proof WeChat sends in every mode.
    signature = query.get("signature")
    timestamp, nonce = _check_signature(creds, signature, query.get("timestamp"), query.get("nonce"))
    _check_fresh(timestamp, now, max_age)

    encrypt_type = query.get("encrypt_type", "raw")
    if encrypt_type == "aes":
        # Compatible mode sends the fields in the clear beside <Encrypt>: only the decrypted message is read.
        xml = _decrypt(creds, query.get("msg_signature"), body, timestamp, nonce)
        parse_xml(xml)
        return Unwrapped(xml=xml, encrypted=True, nonce=nonce, timestamp=timestamp, signature=signature)
    if encrypt_type != "raw":
        raise WeChatRejected(MALFORMED, "unsupported encrypt_type")
    if creds.encoding_aes_key is not None and creds.encrypted_only:
        raise WeChatRejected(FORBIDDEN, "this account accepts encrypted messages only")
    parse_xml(body)
    try:
        xml = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WeChatRejected(MALFORMED, "body is not UTF-8") from None
    return Unwrapped(xml=xml, encrypted=False, nonce=nonce, timestamp=timestamp, signature=signature)


def wrap_reply(creds: Credentials, reply_xml: str, unwrapped: Unwrapped) -> str:
    """Answer in the mode the request came in; encrypted replies reuse the request's nonce and timestamp."""
    if not unwrapped.encrypted or reply_xml in _UNENCRYPTED_REPLIES:
        return reply_xml
    return crypto_for(creds).encrypt_message(reply_xml, nonce=unwrapped.nonce, timestamp=unwrapped.timestamp)


def _check_signature(
    creds: Credentials, signature: str | None, timestamp: str | None, nonce: str | None
) -> tuple[str, str]:
    """Raise 403 unless ``signature`` is sha1(sorted(token, timestamp, nonce)); return the checked timestamp, nonce."""
    if not signature or timestamp is None or nonce is None:
        raise WeChatRejected(FORBIDDEN, "missing signature")
    if len(nonce) > MAX_NONCE_LENGTH or len(timestamp) > MAX_NONCE_LENGTH:
        raise WeChatRejected(FORBIDDEN, "nonce or timestamp too long")
    try:
        check_signature(creds.token, signature, timestamp, nonce)
    except InvalidSignatureException:
        raise WeChatRejected(FORBIDDEN, "bad signature") from None
    return timestamp, nonce


def _check_fresh(timestamp: str, now: datetime, max_age: timedelta) -> None:
    # A valid signature can be replayed forever; the timestamp window bounds that (dedup by MsgId does the rest).
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not timestamp.isascii() or not timestamp.isdigit():
        raise WeChatRejected(FORBIDDEN, "timestamp is not an integer")
    # Compare in seconds rather than building a datetime, so an absurd timestamp cannot overflow.
    if abs(now.timestamp() - int(timestamp)) > max_age.total_seconds():
        raise WeChatRejected(FORBIDDEN, "stale timestamp")


def _decrypt(creds: Credentials, msg_signature: str | None, body: bytes, timestamp: str, nonce: str) -> str:
    if creds.encoding_aes_key is None:
        raise WeChatRejected(MALFORMED, "encrypted message but no EncodingAESKey configured")
    # Parse the outer envelope ourselves: wechatpy would parse a raw string with xmltodict, which is not hardened.
    encrypt = parse_xml(body).get("Encrypt")
    if not encrypt:
        raise WeChatRejected(MALFORMED, "no <Encrypt> in encrypted message")
    if not msg_signature:
        raise WeChatRejected(FORBIDDEN, "missing msg_signature")
    try:
        return crypto_for(creds).decrypt_message({"Encrypt": encrypt}, msg_signature, timestamp, nonce)
    except InvalidSignatureException:
        raise WeChatRejected(FORBIDDEN, "bad msg_signature") from None
    except InvalidAppIdException:
        raise WeChatRejected(FORBIDDEN, "message is for another appid") from None
    except (ValueError, struct.error, IndexError):
        # Bad base64, a length that is not whole AES blocks, or garbage after decryption.
        raise WeChatRejected(MALFORMED, "cannot decrypt <Encrypt>") from None
