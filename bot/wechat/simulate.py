"""Playing the owner's WeChat: build a message exactly as the platform would POST it (signed, optionally
encrypted). Shared by the simulator page, ``wuyebot chat``, the bench and the tests."""

import itertools
import random
import time
from dataclasses import dataclass
from typing import Literal

from bot.wechat.envelope import event_xml, media_xml, sign_request, text_xml
from bot.wechat.security import Credentials

Mode = Literal["plain", "compatible", "safe"]
ACCOUNT = "gh_wuyebot_sim"  # the official account's id as the simulator sends it (ToUserName)

_msg_ids = itertools.count(int(time.time() * 1000) * 1000 + random.randrange(1000))


@dataclass(frozen=True)
class SimulatedRequest:
    query: dict[str, str]
    body: bytes
    encrypted: bool
    xml: str = ""  # the message before signing/encryption (for redelivery)
    mode: Mode = "plain"


def _nonce() -> str:
    return str(random.randrange(10**9))


def owner_message(creds: Credentials, openid: str, kind: str = "text", text: str = "", mode: Mode = "plain",
                  event_key: str | None = None, now: int | None = None, msg_id: int | None = None) -> SimulatedRequest:
    """kind: text, voice (``text`` as the Recognition), image, location, subscribe, unsubscribe, click."""
    created = now or int(time.time())
    mid = msg_id or next(_msg_ids)
    if kind == "text":
        xml = text_xml(ACCOUNT, openid, text, mid, created)
    elif kind == "voice":
        fields = {"MediaId": f"media-{mid}", "Format": "amr"} | ({"Recognition": text} if text else {})
        xml = media_xml(ACCOUNT, openid, "voice", created, mid, fields)
    elif kind == "image":
        xml = media_xml(ACCOUNT, openid, "image", created, mid,
                        {"PicUrl": "http://127.0.0.1/sim.jpg", "MediaId": f"media-{mid}"})
    elif kind == "location":
        xml = media_xml(ACCOUNT, openid, "location", created, mid,
                        {"Location_X": "39.9", "Location_Y": "116.4", "Scale": "15", "Label": text or "小区门口"})
    elif kind in ("subscribe", "unsubscribe"):
        xml = event_xml(ACCOUNT, openid, kind, created)
    elif kind == "click":
        xml = event_xml(ACCOUNT, openid, "CLICK", created, event_key=event_key or "BALANCE")
    else:
        raise ValueError(f"the simulator cannot send {kind!r}")
    query, body = sign_request(creds, xml, mode, created, _nonce())
    return SimulatedRequest(query, body, mode != "plain", xml, mode)


def redelivery(creds: Credentials, original: SimulatedRequest, now: int | None = None) -> SimulatedRequest:
    """WeChat's retry of a delivery it got no answer to: the same message (same MsgId), signed anew with a fresh
    nonce. (Re-sending the very same signed URL is a replay, which the gateway refuses.)"""
    timestamp = now or int(time.time())
    query, body = sign_request(creds, original.xml, original.mode, timestamp, _nonce())
    return SimulatedRequest(query, body, original.encrypted, original.xml, original.mode)
