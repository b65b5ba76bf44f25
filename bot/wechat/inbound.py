"""What WeChat delivered, as one typed value (from the hardened parse in bot.wechat.security)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Inbound:
    openid: str  # FromUserName
    account: str  # ToUserName (our official account)
    msg_type: str  # text, voice, image, location, link, video, shortvideo, event, or anything WeChat adds later
    create_time: int
    fields: dict[str, str]

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
        """WeChat's advice: MsgId for messages; FromUserName + CreateTime for events (which have no MsgId)."""
        if self.msg_id:
            return f"msg:{self.msg_id}"
        return f"evt:{self.openid}:{self.create_time}:{self.event}"


class NotAMessage(ValueError):
    """The XML parsed but is not a WeChat message (no sender, no type)."""


def inbound_from_fields(fields: dict[str, str]) -> Inbound:
    openid, msg_type = fields.get("FromUserName", "").strip(), fields.get("MsgType", "").strip().lower()
    if not openid or not msg_type:
        raise NotAMessage("FromUserName and MsgType are required")
    try:
        create_time = int(fields.get("CreateTime", "0") or 0)
    except ValueError as error:
        raise NotAMessage("CreateTime must be an integer") from error
    return Inbound(openid=openid[:64], account=fields.get("ToUserName", ""), msg_type=msg_type,
                   create_time=create_time, fields=fields)
