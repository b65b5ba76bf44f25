"""What to do with each kind of inbound message. Pure: an Inbound in, a decision out (no I/O).

Text goes to the bot; a recognised voice message goes as its text; menu clicks become the intent they stand
for; subscribe gets a welcome; unsubscribe stops everything outbound; template receipts update the send log.
"""

from dataclasses import dataclass
from enum import StrEnum

from bot.names import Intent
from bot.wechat import texts
from bot.wechat.inbound import Inbound

# Menu CLICK keys configured in the official account's custom menu → the intent each stands for.
MENU_KEYS: dict[str, Intent] = {
    "BALANCE": Intent.ASK_BALANCE,
    "PAY": Intent.ASK_PAYMENT_METHODS,
    "FEE_USAGE": Intent.ASK_FEE_USAGE,
    "REPAIR": Intent.REPORT_ISSUE,
    "TICKETS": Intent.ASK_TICKET_STATUS,
    "INVOICE": Intent.ASK_INVOICE,
    "HUMAN": Intent.REQUEST_HUMAN,
}


class ReplyPurpose(StrEnum):
    """What a text sent to a follower is for (wechat_send_log.purpose). The outbox's OutboxPurpose takes over."""

    REPLY = "reply"  # the bot's answer
    WELCOME = "welcome"  # to a new follower
    HOLDING = "holding"  # "we will answer soon": the bot could not answer yet
    TO_STAFF = "to_staff"  # "a person will answer": human mode


@dataclass(frozen=True)
class ToBot:
    text: str  # owner text (cleaned by the caller) or "/intent" from a menu click
    is_command: bool = False


@dataclass(frozen=True)
class Say:
    text: str
    purpose: ReplyPurpose = ReplyPurpose.REPLY


@dataclass(frozen=True)
class AttachPhoto:
    media_id: str


@dataclass(frozen=True)
class Unsubscribe:
    pass


@dataclass(frozen=True)
class DeliveryReceipt:
    wechat_msgid: int
    status: str


@dataclass(frozen=True)
class Ignore:
    reason: str


Decision = ToBot | Say | AttachPhoto | Unsubscribe | DeliveryReceipt | Ignore


def decide(message: Inbound) -> Decision:
    fields = message.fields
    if message.msg_type == "text":
        return ToBot(fields.get("Content", ""))
    if message.msg_type == "voice":
        recognition = (fields.get("Recognition") or "").strip()
        return ToBot(recognition) if recognition else Say(texts.VOICE_NOT_RECOGNISED)
    if message.msg_type == "image":
        media_id = fields.get("MediaId", "")
        return AttachPhoto(media_id) if media_id else Say(texts.PHOTO_RECEIVED)
    if message.msg_type in texts.ACKNOWLEDGE:
        return Say(texts.ACKNOWLEDGE[message.msg_type])
    if message.msg_type == "event":
        return _event(message)
    return Say(texts.UNSUPPORTED)


def owner_waits_for_reply(message: Inbound) -> bool:
    """Someone wrote to us and expects an answer (so a holding reply is right when we cannot answer yet); never
    for a platform report (template receipts, unsubscribe, location reports) or a packet we could not read."""
    return message.invalid is None and isinstance(decide(message), ToBot | Say | AttachPhoto)


def _event(message: Inbound) -> Decision:
    event = message.event
    if event == "subscribe":
        return Say(texts.WELCOME, purpose=ReplyPurpose.WELCOME)
    if event == "unsubscribe":
        return Unsubscribe()
    if event == "click":
        intent = MENU_KEYS.get((message.fields.get("EventKey") or "").upper())
        return ToBot(f"/{intent}", is_command=True) if intent else Ignore("unknown menu key")
    if event == "templatesendjobfinish":
        try:
            return DeliveryReceipt(int(message.fields.get("MsgID") or message.fields.get("MsgId") or 0),
                                   message.fields.get("Status", ""))
        except ValueError:
            return Ignore("template receipt without a numeric MsgID")
    # VIEW (a menu link), SCAN, LOCATION reports, kf session events…: nothing to say.
    return Ignore(f"event {event or '(none)'}")
