"""What WeChat delivered, as one typed value (from the hardened parse in bot.wechat.security).

Fields that end up in typed columns are checked here, against the column types, before anything is stored:
the sender must be an openid (refused otherwise: never cut, so two senders cannot share a conversation); a
MsgId/MsgID must fit a 64-bit integer and an Event name a short identifier. A signed packet with such a field wrong
is not a crash and not a retry: it is kept as ``invalid`` with the reason, and never handled.
"""

import hashlib
import json
import re
from dataclasses import dataclass

from bot.domain import conversation

MAX_MSG_ID = 2**63 - 1  # wechat_send_log.wechat_msgid is a BIGINT; WeChat's ids are 64-bit
_MSG_TYPE = re.compile(r"[a-z_]{1,32}")
_EVENT = re.compile(r"[A-Za-z_]{1,40}")  # keeps the event dedup key within its 128 characters
_DIGITS = re.compile(r"[0-9]{1,19}")
MAX_CREATE_TIME = 10**10  # seconds: year 2286; anything larger is not a Unix time in seconds


@dataclass(frozen=True)
class Inbound:
    openid: str  # FromUserName, a valid openid
    account: str  # ToUserName (our official account)
    msg_type: str  # text, voice, image, location, link, video, shortvideo, event, or anything WeChat adds later
    create_time: int
    fields: dict[str, str]
    invalid: str | None = None  # why a field cannot be used: kept as ``invalid``, never handled

    @property
    def conversation_id(self) -> str:
        return conversation.for_wechat(self.openid)

    @property
    def msg_id(self) -> str | None:
        return self.fields.get("MsgId") or None

    @property
    def event(self) -> str:
        return (self.fields.get("Event") or "").lower()

    @property
    def from_follower(self) -> bool:
        """The follower acted (a message, a follow, a menu click): this opens the customer-service window.
        Platform reports (template receipts, unsubscribe) do not."""
        return self.msg_type != "event" or self.event in ("subscribe", "click", "scan")

    @property
    def dedup_key(self) -> str:
        """WeChat's advice: MsgId for messages; FromUserName + CreateTime for events (which have no MsgId).
        An invalid packet is keyed by its content, so WeChat's retries of it are still recognised."""
        if self.invalid:
            digest = hashlib.sha256(json.dumps(self.fields, sort_keys=True).encode("utf-8")).hexdigest()[:40]
            return f"bad:{self.openid}:{digest}"
        if self.msg_id:
            return f"msg:{self.msg_id}"
        return f"evt:{self.openid}:{self.create_time}:{self.event}"


class NotAMessage(ValueError):
    """The XML parsed but is not a WeChat message we can even key: no or malformed sender, type or time."""


def inbound_from_fields(fields: dict[str, str]) -> Inbound:
    openid, msg_type = fields.get("FromUserName", "").strip(), fields.get("MsgType", "").strip().lower()
    if not openid or not msg_type:
        raise NotAMessage("FromUserName and MsgType are required")
    if not conversation.is_valid_openid(openid):
        raise NotAMessage(f"FromUserName is not an openid (1-{conversation.MAX_LOCAL_ID_LENGTH} letters, digits, "
                          "'-' or '_')")
    if not _MSG_TYPE.fullmatch(msg_type):
        raise NotAMessage("MsgType is not a message type")
    raw_time = (fields.get("CreateTime") or "0").strip()
    if not _DIGITS.fullmatch(raw_time) or int(raw_time) > MAX_CREATE_TIME:
        raise NotAMessage("CreateTime must be a Unix time in seconds")
    return Inbound(openid=openid, account=fields.get("ToUserName", ""), msg_type=msg_type,
                   create_time=int(raw_time), fields=fields, invalid=_invalid_field(fields, msg_type))


def _invalid_field(fields: dict[str, str], msg_type: str) -> str | None:
    for name in ("MsgId", "MsgID"):
        value = (fields.get(name) or "").strip()
        if value and not (_DIGITS.fullmatch(value) and int(value) <= MAX_MSG_ID):
            return f"{name} is not a 64-bit number ({len(value)} characters)"
    if msg_type == "event" and not _EVENT.fullmatch(fields.get("Event") or ""):
        return "Event is missing or not an event name"
    return None
