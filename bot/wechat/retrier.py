"""Messages the bot could not answer (Rasa down, a crash mid-way) are tried again from the inbox, in the
background of the app, and the answer goes out through the customer-service API. When each row is due, and when it
is given up (``failed``), is bot.domain.inbox_retry's decision."""

import asyncio
import logging
from datetime import datetime, timedelta

import anyio

from bot.db.models import InboxState
from bot.services.wechat_log import WeChatLog
from bot.wechat.gateway import Gateway
from bot.wechat.inbound import NotAMessage, inbound_from_fields

log = logging.getLogger(__name__)


async def retry_due(gateway: Gateway, wechat_log: WeChatLog, stale_after: timedelta,
                    now: datetime | None = None) -> int:
    """One pass over what is due (at ``now``, default the service's clock); how many messages this instance tried."""
    due = await anyio.to_thread.run_sync(lambda: wechat_log.due_for_retry(stale_after, now=now))
    tried = 0
    for item in due:
        try:
            try:
                message = inbound_from_fields({k: str(v) for k, v in item.fields.items()})
            except NotAMessage as error:  # stored before today's checks: it can never be handled
                await anyio.to_thread.run_sync(wechat_log.mark, item.id, InboxState.INVALID, str(error))
                continue
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
