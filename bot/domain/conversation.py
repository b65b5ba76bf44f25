"""Conversation ids: the channel a conversation is on and who it is with, as one string. Pure, no I/O.

``wx:<openid>`` is a WeChat follower, known only from a message WeChat signed (the gateway builds it);
``web:<random>`` is the web-chat demo, an id the app drew itself and keeps in a signed cookie. This string is the
Rasa sender id, the key of every owner-level record (bindings, binding attempts, tickets, opt-outs, handoffs)
and the audit trail's actor. This module is the only one that builds or takes it apart; everything else treats
it as opaque. The WeChat adapter's own tables (inbox, contacts, send log) keep the raw openid WeChat uses.

Ids are validated, never cut: an id that is too long or has other characters is refused, so two different
senders can never end up in one conversation.
"""

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    WECHAT = "wx"
    WEB = "web"


# WeChat openids are 28 characters of [A-Za-z0-9_-]; 64 leaves room for what WeChat may add, and no more.
MAX_LOCAL_ID_LENGTH = 64
MAX_LENGTH = len(Channel.WEB) + 1 + MAX_LOCAL_ID_LENGTH
_LOCAL_ID = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_LOCAL_ID_LENGTH}}}")
_WEB_ID_BYTES = 16  # 128 bits: nobody guesses another visitor's conversation


class InvalidConversationId(ValueError):
    """Not a conversation id this app would build (unknown channel, empty, too long, other characters)."""


@dataclass(frozen=True)
class Conversation:
    channel: Channel
    local_id: str  # the openid for WeChat; the random id for the web chat

    def __str__(self) -> str:
        return f"{self.channel}:{self.local_id}"


def is_valid_openid(openid: str) -> bool:
    return isinstance(openid, str) and _LOCAL_ID.fullmatch(openid) is not None


def for_wechat(openid: str) -> str:
    """The conversation id of a WeChat follower. Only the gateway calls this, with a signed message's sender."""
    if not is_valid_openid(openid):
        raise InvalidConversationId(f"not a WeChat openid: {openid[:80]!r}")
    return f"{Channel.WECHAT}:{openid}"


def new_web() -> str:
    """A fresh web-chat conversation id (random, URL-safe)."""
    return f"{Channel.WEB}:{secrets.token_urlsafe(_WEB_ID_BYTES)}"


def parse(conversation_id: str) -> Conversation:
    if not isinstance(conversation_id, str) or len(conversation_id) > MAX_LENGTH:
        raise InvalidConversationId("not a conversation id (too long or not text)")
    prefix, sep, local = conversation_id.partition(":")
    try:
        channel = Channel(prefix)
    except ValueError:
        raise InvalidConversationId(f"unknown channel in {conversation_id[:80]!r}") from None
    if not sep or _LOCAL_ID.fullmatch(local) is None:
        raise InvalidConversationId(f"malformed conversation id {conversation_id[:80]!r}")
    return Conversation(channel, local)


def is_wechat(conversation_id: str) -> bool:
    """True only for a well-formed WeChat conversation id (binding and owner data need one)."""
    try:
        return parse(conversation_id).channel is Channel.WECHAT
    except InvalidConversationId:
        return False


def openid_of(conversation_id: str) -> str:
    """The follower's openid, for calls to WeChat's API; refuses any other channel."""
    conversation = parse(conversation_id)
    if conversation.channel is not Channel.WECHAT:
        raise InvalidConversationId(f"{conversation.channel} conversations have no openid")
    return conversation.local_id
