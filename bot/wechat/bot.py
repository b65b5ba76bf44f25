"""Handling one inbound WeChat message: route it, ask the bot when it is for the bot, and record the outcome.

Used for the first try (inside the 5-second budget) and by the retrier for messages Rasa could not answer.
Returns the texts for the owner in order; the gateway decides how they travel (passive reply or 客服 API).
Rasa, handoffs and tickets see the conversation id (``wx:<openid>``); the WeChat records keep the openid.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

import anyio
import httpx

from bot.db.models import InboxState
from bot.names import Intent
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.services.grievances import GrievanceService
from bot.services.handoff import HandoffService
from bot.services.wechat_log import WeChatLog
from bot.text_input import clean_owner_text
from bot.wechat import texts
from bot.wechat.inbound import Inbound
from bot.wechat.routing import (
    AttachPhoto,
    DeliveryReceipt,
    Ignore,
    ReplyPurpose,
    Say,
    ToBot,
    Unsubscribe,
    decide,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    texts: list[str]
    purpose: ReplyPurpose = ReplyPurpose.REPLY
    delivered: bool = True  # False: the bot could not answer now (holding reply); the retrier will try again


class WeChatBot:
    def __init__(self, rasa: RasaClient, wechat_log: WeChatLog, handoffs: HandoffService,
                 grievances: GrievanceService, handoff_wait: timedelta) -> None:
        self._rasa = rasa
        self._log = wechat_log
        self._handoffs = handoffs
        self._grievances = grievances
        self._handoff_wait = handoff_wait

    async def answer(self, message: Inbound, inbox_id: int) -> Answer:
        if message.invalid:
            log.warning("inbox %s from %s kept as invalid: %s", inbox_id, message.openid, message.invalid)
            await self._mark(inbox_id, InboxState.INVALID, message.invalid)
            return Answer([])
        decision = decide(message)
        if isinstance(decision, ToBot):
            return await self._to_bot(message, decision, inbox_id)
        if isinstance(decision, Say):
            if decision.purpose is ReplyPurpose.WELCOME:
                await anyio.to_thread.run_sync(self._log.set_subscribed, message.openid, True)
            await self._mark(inbox_id, InboxState.ANSWERED)
            return Answer([decision.text], decision.purpose)
        if isinstance(decision, AttachPhoto):
            ticket = await anyio.to_thread.run_sync(self._grievances.attach_photo, message.conversation_id,
                                                    decision.media_id)
            await self._mark(inbox_id, InboxState.ANSWERED)
            return Answer([texts.PHOTO_ATTACHED.format(ticket_no=ticket) if ticket else texts.PHOTO_RECEIVED])
        if isinstance(decision, Unsubscribe):
            await anyio.to_thread.run_sync(self._log.set_subscribed, message.openid, False)
        elif isinstance(decision, DeliveryReceipt):
            await anyio.to_thread.run_sync(self._log.record_delivery, decision.wechat_msgid, decision.status)
        elif isinstance(decision, Ignore):
            log.debug("ignored %s from %s: %s", message.msg_type, message.openid, decision.reason)
        await self._mark(inbox_id, InboxState.IGNORED)
        return Answer([])

    async def _to_bot(self, message: Inbound, decision: ToBot, inbox_id: int) -> Answer:
        in_human_mode = await anyio.to_thread.run_sync(self._handoffs.in_human_mode, message.conversation_id,
                                                       self._handoff_wait)
        if in_human_mode:
            await self._mark(inbox_id, InboxState.TO_STAFF)
            return Answer([texts.TO_STAFF_ACK], ReplyPurpose.TO_STAFF)
        if decision.is_command:
            text = decision.text
        else:
            cleaned = clean_owner_text(decision.text)
            text = f"/{Intent.EMPTY_MESSAGE}" if cleaned.is_empty else cleaned.text
        try:
            replies = await self._rasa.send_message(message.conversation_id, text)
        except (RasaUnavailable, httpx.HTTPError) as error:
            log.warning("the bot could not answer %s now (%s); holding reply sent, will retry", message.openid, error)
            await self._mark(inbox_id, InboxState.RETRYING, str(error))
            return Answer([texts.HOLDING], ReplyPurpose.HOLDING, delivered=False)
        await self._mark(inbox_id, InboxState.ANSWERED)
        return Answer([r.text for r in replies if r.text])

    async def _mark(self, inbox_id: int, state: InboxState, error: str = "") -> None:
        await anyio.to_thread.run_sync(self._log.mark, inbox_id, state, error)
