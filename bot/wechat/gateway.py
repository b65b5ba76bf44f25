"""The WeChat gateway: ``GET/POST {WECHAT_PATH}`` (default ``/wechat``).

A POST is checked (signature on every request, timestamp window, each signed URL used once, encrypted-only when the
account has an AES key, msg_signature before decrypting, size, hardened XML), de-duplicated (WeChat retries
unanswered messages with a new nonce), stored in the inbox, then handled under the owner's
lock so one owner's messages keep their order while different owners run in parallel. If the bot answers within
the budget (default 4 s of WeChat's 5), the first text goes back as the passive reply and the rest through the
customer-service API; otherwise ``success`` goes back at once and everything follows through the API.
"""

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

import anyio
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.db.models import InboxState
from bot.infra.dedup import Dedup
from bot.infra.locks import KeyedLocks
from bot.services.wechat_log import WeChatLog
from bot.wechat import texts
from bot.wechat.bot import Answer, WeChatBot
from bot.wechat.delivery import Delivery
from bot.wechat.envelope import text_reply_xml
from bot.wechat.inbound import Inbound, NotAMessage, inbound_from_fields
from bot.wechat.routing import ReplyPurpose, owner_waits_for_reply
from bot.wechat.security import Credentials, WeChatRejected, parse_xml, unwrap, verify_url, wrap_reply

log = logging.getLogger(__name__)

SUCCESS = "success"  # WeChat neither retries nor shows an error; needs no encryption
# Time kept back from the budget for writing the reply and for a busy event loop, so the answer is on the wire
# within the budget as WeChat's clock sees it (measured: up to ~0.4 s of lag at 20 concurrent owners on 2 cores).
REPLY_MARGIN_SECONDS = 0.5


class Gateway:
    def __init__(self, credentials: Credentials, bot: WeChatBot, delivery: Delivery, wechat_log: WeChatLog,
                 dedup: Dedup, locks: KeyedLocks, reply_budget_seconds: float, timestamp_window: timedelta,
                 max_body_bytes: int, dedup_ttl_seconds: int, clock=lambda: datetime.now(UTC)) -> None:
        self.credentials = credentials
        self._bot = bot
        self._delivery = delivery
        self._log = wechat_log
        self._dedup = dedup
        self._locks = locks
        self._budget = reply_budget_seconds
        self._window = timestamp_window
        self._max_body = max_body_bytes
        self._dedup_ttl = dedup_ttl_seconds
        # Timestamps are accepted up to the window either side of now: a URL stays usable for twice the window.
        self._replay_ttl = int(2 * timestamp_window.total_seconds()) + 1
        self._clock = clock
        self._background: set[asyncio.Task] = set()

    # ------------------------------------------------------------------------------------------------ HTTP

    async def verify(self, request: Request) -> Response:
        q = request.query_params
        try:
            echo = verify_url(self.credentials, q.get("signature", ""), q.get("timestamp", ""), q.get("nonce", ""),
                              q.get("echostr", ""), self._clock(), self._window)
        except WeChatRejected as rejected:
            return PlainTextResponse(rejected.reason, status_code=rejected.status)
        return PlainTextResponse(echo)

    async def receive(self, request: Request) -> Response:
        started = time.monotonic()
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_body:
            return PlainTextResponse(f"body over {self._max_body} bytes", status_code=413)
        body = await self._read_limited(request)
        if body is None:
            return PlainTextResponse(f"body over {self._max_body} bytes", status_code=413)
        try:
            unwrapped = unwrap(self.credentials, request.query_params, body, self._clock(), self._window)
        except WeChatRejected as rejected:
            log.info("rejected a WeChat POST: %s", rejected)
            return PlainTextResponse(rejected.reason, status_code=rejected.status)
        # A signed URL is good for one request: remembered as long as its timestamp is acceptable at all.
        if not await self._dedup.claim(unwrapped.replay_key, self._replay_ttl):
            log.warning("refused a replayed WeChat POST (timestamp %s, nonce %s)", unwrapped.timestamp,
                        unwrapped.nonce)
            return PlainTextResponse("replayed request", status_code=403)
        try:
            message = inbound_from_fields(parse_xml(unwrapped.xml))
        except WeChatRejected as rejected:
            return PlainTextResponse(rejected.reason, status_code=rejected.status)
        except NotAMessage as error:
            log.info("refused a WeChat POST that is not a message we can key: %s", error)
            return PlainTextResponse(str(error), status_code=400)
        try:
            remaining = self._budget - REPLY_MARGIN_SECONDS - (time.monotonic() - started)
            answer = await self.accept(message, remaining=remaining)
        except SQLAlchemyError:
            log.exception("could not store %s; WeChat will retry it", message.dedup_key)
            return PlainTextResponse("temporarily unavailable", status_code=503)
        if answer is None or not answer.texts:
            return PlainTextResponse(SUCCESS)
        reply = text_reply_xml(message.openid, message.account, answer.texts[0], int(self._clock().timestamp()))
        return Response(wrap_reply(self.credentials, reply, unwrapped), media_type="application/xml")

    async def _read_limited(self, request: Request) -> bytes | None:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self._max_body:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    # ------------------------------------------------------------------------------------------- processing

    async def accept(self, message: Inbound, remaining: float) -> Answer | None:
        """De-duplicate, store, handle under the owner's lock. Returns what the passive reply should carry (its
        first text; the rest is sent through the API), or None when everything goes through the API."""
        turn = self._locks.reserve(message.openid)  # its place in the owner's queue, before any await
        try:
            if not await self._dedup.claim(message.dedup_key, self._dedup_ttl):
                log.info("duplicate delivery %s ignored", message.dedup_key)
                self._keep(asyncio.create_task(self._skip(turn)))
                return None
            try:
                inbox_id = await anyio.to_thread.run_sync(
                    lambda: self._log.store(message.dedup_key, message.openid, message.msg_type,
                                            message.fields.get("Content", ""), message.fields, message.from_follower))
            except Exception:
                # Not stored: forget the claim so WeChat's retry of this delivery is taken, not dropped.
                await self._dedup.release(message.dedup_key)
                raise
        except BaseException:
            self._keep(asyncio.create_task(self._skip(turn)))  # never leave the owner's queue blocked
            raise
        if inbox_id is None:  # already in the inbox: a duplicate that got past the fast check
            self._keep(asyncio.create_task(self._skip(turn)))
            return None
        late = {"flag": False}
        task = asyncio.create_task(self._handle(message, inbox_id, late, turn))
        self._keep(task)
        done, _ = await asyncio.wait({task}, timeout=max(0.0, remaining))
        if task in done and not task.cancelled() and task.exception() is None:
            answer = task.result()
            if answer.texts:
                try:
                    await anyio.to_thread.run_sync(
                        lambda: self._log.log_send(message.openid, "passive", answer.purpose, answer.texts[0],
                                                   "sent", "ok", inbox_id=inbox_id))
                except SQLAlchemyError:  # the owner still gets the reply; only its log line is missing
                    log.exception("could not log the passive reply to %s", message.openid)
                if answer.texts[1:]:
                    self._keep(asyncio.create_task(
                        self._delivery.send_texts(message.openid, answer.texts[1:], answer.purpose, inbox_id)))
            return answer
        late["flag"] = True  # the task sees this and delivers everything through the API itself
        return None

    @staticmethod
    async def _skip(turn) -> None:
        async with turn:  # give the place back in order, so later messages are not held up
            pass

    async def _handle(self, message: Inbound, inbox_id: int, late: dict, turn) -> Answer:
        async with turn:
            try:
                answer = await self._bot.answer(message, inbox_id)
            except Exception as error:  # noqa: BLE001 - a bug must not lose the message: the retrier tries again
                log.exception("handling %s failed; left for the retrier", message.dedup_key)
                await anyio.to_thread.run_sync(self._log.mark, inbox_id, InboxState.RETRYING,
                                               f"{type(error).__name__}: {error}")
                # Only someone who wrote to us is waiting for an answer; a platform report gets nothing.
                answer = (Answer([texts.HOLDING], ReplyPurpose.HOLDING, delivered=False)
                          if owner_waits_for_reply(message)
                          else Answer([], delivered=False))
            if late["flag"] and answer.texts:
                # Past the budget: the passive reply was "success"; everything goes through the API, in order.
                await self._delivery.send_texts(message.openid, answer.texts, answer.purpose, inbox_id)
            return answer

    async def retry(self, message: Inbound, inbox_id: int, attempt: int) -> bool:
        """The retrier's path: no passive reply is possible any more; a holding reply was already sent.
        Several app instances run retriers: the shared claim lets only one of them take this attempt. Each try is
        counted before it starts, and a try that raises is recorded with its cause, so a message that fails every
        time ends ``failed`` after the last try (bot.domain.inbox_retry) instead of retrying forever."""
        if not await self._dedup.claim(f"retry:{inbox_id}:{attempt}", self._dedup_ttl):
            return False
        if await anyio.to_thread.run_sync(self._log.start_retry, inbox_id) is None:
            return False
        async with self._locks.reserve(message.openid):
            try:
                answer = await self._bot.answer(message, inbox_id)
            except Exception as error:  # noqa: BLE001 - recorded on the row; the policy decides what follows
                log.exception("retrying %s failed", message.dedup_key)
                await anyio.to_thread.run_sync(self._log.mark, inbox_id, InboxState.RETRYING,
                                               f"{type(error).__name__}: {error}")
                return True
            if answer.delivered and answer.texts:
                await self._delivery.send_texts(message.openid, answer.texts, answer.purpose, inbox_id)
        return True

    def _keep(self, task: asyncio.Task) -> None:
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self, timeout: float = 10.0) -> None:
        """On shutdown: let in-flight handling finish (anything unfinished stays in the inbox for the retrier)."""
        if self._background:
            await asyncio.wait(set(self._background), timeout=timeout)


def routes(path: str) -> list[Route]:
    """The gateway is built in the app's lifespan (app.state.gateway); nothing connects at import."""

    async def get(request: Request) -> Response:
        return await request.app.state.gateway.verify(request)

    async def post(request: Request) -> Response:
        return await request.app.state.gateway.receive(request)

    return [Route(path, get, methods=["GET"]), Route(path, post, methods=["POST"])]

