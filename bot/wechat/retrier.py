"""Messages the bot could not answer (Rasa down, a crash mid-way) are tried again from the inbox, in the
background of the app, and the answer goes out through the customer-service API."""

import asyncio
import logging
from datetime import timedelta

import anyio

from bot.services.wechat_log import WeChatLog
from bot.wechat.gateway import Gateway
from bot.wechat.inbound import inbound_from_fields

log = logging.getLogger(__name__)


async def retry_due(gateway: Gateway, wechat_log: WeChatLog, stale_after: timedelta) -> int:
    """One pass over what is due; returns how many messages this instance tried."""
    due = await anyio.to_thread.run_sync(wechat_log.due_for_retry, stale_after)
    tried = 0
    for item in due:
        try:
            message = inbound_from_fields({k: str(v) for k, v in item.fields.items()})
            tried += await gateway.retry(message, item.id, item.attempts)
        except Exception:  # noqa: BLE001 - one bad message must not stop the others
            log.exception("retrying inbox message %s failed", item.id)
    return tried


async def run_forever(gateway: Gateway, wechat_log: WeChatLog, interval_seconds: float,
                      stale_after: timedelta) -> None:
    while True:
        try:
            tried = await retry_due(gateway, wechat_log, stale_after)
            if tried:
                log.info("retried %d inbox message(s)", tried)
        except Exception:  # noqa: BLE001 - the database may be away for a moment; try again next round
            log.exception("inbox retry pass failed")
        await asyncio.sleep(interval_seconds)
