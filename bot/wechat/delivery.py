"""Sending to a follower outside the passive reply: the customer-service (客服) API, within the platform's rules.

Every send is logged (bot.services.wechat_log). Before calling WeChat we check what the platform allows: nothing
goes to someone who unsubscribed; outside the 48-hour window or over its 5-message quota (or when WeChat says so
with 45015/45047) the message falls back to a template notice if one is configured, else to the staff queue, so
a person can reach the owner another way. Permanent errors are recorded per message and not retried; 45009 (API
quota) stops and alerts (logged at ERROR by the client).
"""

import logging

import anyio

from bot.services.wechat_log import WeChatLog
from bot.wechat import texts
from bot.wechat.client import SendResult, WeChatApi

log = logging.getLogger(__name__)

FALLBACK_CATEGORIES = frozenset({"window_closed", "quota_exceeded"})


class Delivery:
    def __init__(self, api: WeChatApi, wechat_log: WeChatLog, notice_template_id: str | None) -> None:
        self._api = api
        self._log = wechat_log
        self._template = notice_template_id

    async def send_texts(self, openid: str, contents: list[str], purpose: str, inbox_id: int | None = None) -> None:
        for content in contents:
            await self.send_text(openid, content, purpose, inbox_id)

    async def send_text(self, openid: str, content: str, purpose: str, inbox_id: int | None = None) -> str:
        """Returns the send-log result: sent, fallback, failed or skipped."""
        block = await anyio.to_thread.run_sync(self._log.customer_service_block, openid)
        if block == "unsubscribed":
            await self._record(openid, "customer_service", purpose, content, "skipped", block, inbox_id=inbox_id)
            return "skipped"
        if block:
            return await self._fall_back(openid, content, purpose, block, inbox_id)
        result: SendResult = await anyio.to_thread.run_sync(self._api.send_text, openid, content)
        if result.ok:
            await self._record(openid, "customer_service", purpose, content, "sent", "ok", inbox_id=inbox_id)
            return "sent"
        if result.category in FALLBACK_CATEGORIES:
            await self._record(openid, "customer_service", purpose, content, "failed", result.category,
                               result.errcode, inbox_id=inbox_id)
            return await self._fall_back(openid, content, purpose, result.category, inbox_id)
        await self._record(openid, "customer_service", purpose, content, "failed", result.category, result.errcode,
                           inbox_id=inbox_id)
        return "failed"

    async def send_template(self, openid: str, template_id: str, data: dict, purpose: str,
                            reminder_ref: str | None = None, url: str | None = None) -> str:
        """A template message (reminders): logged with WeChat's msgid so TEMPLATESENDJOBFINISH can be matched."""
        subscribed = await anyio.to_thread.run_sync(self._log.is_subscribed, openid)
        content = str(data)
        if not subscribed:
            await anyio.to_thread.run_sync(lambda: self._log.log_send(
                openid, "template", purpose, content, "skipped", "unsubscribed", reminder_ref=reminder_ref))
            return "skipped"
        # client_msg_id makes WeChat drop a repeat of the same send within 10 minutes (our retries are safe).
        result = await anyio.to_thread.run_sync(
            lambda: self._api.send_template(openid, template_id, data, url, reminder_ref))
        outcome = "sent" if result.ok else "failed"
        await anyio.to_thread.run_sync(lambda: self._log.log_send(
            openid, "template", purpose, content, outcome, result.category, result.errcode, result.msgid,
            reminder_ref=reminder_ref))
        return outcome

    async def _fall_back(self, openid: str, content: str, purpose: str, why: str, inbox_id: int | None) -> str:
        if self._template:
            data = {"thing1": {"value": texts.WINDOW_NOTICE[:20]}}
            result = await anyio.to_thread.run_sync(self._api.send_template, openid, self._template, data)
            await self._record(openid, "template", purpose, content, "fallback" if result.ok else "failed",
                               result.category if not result.ok else why, result.errcode, result.msgid, inbox_id)
            if result.ok:
                return "fallback"
        # No template, or it failed too: a person will reach the owner (the staff console reads this queue).
        await self._record(openid, "staff_queue", purpose, content, "fallback", why, inbox_id=inbox_id)
        log.info("reply to %s went to the staff queue (%s)", openid, why)
        return "fallback"

    async def _record(self, openid: str, channel: str, purpose: str, content: str, result: str, category: str,
                      errcode: int | None = None, msgid: int | None = None, inbox_id: int | None = None) -> None:
        await anyio.to_thread.run_sync(
            lambda: self._log.log_send(openid, channel, purpose, content, result, category, errcode, msgid, inbox_id))
