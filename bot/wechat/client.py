"""Outbound WeChat calls (客服 messages, template messages, 客服 sessions) with a bounded retry of our own.

Sync and requests-based because wechatpy is; async callers run these in a thread. wechatpy's own auto-retry is
unbounded (it refetches the token on every 40001), so clients are built with ``auto_retry=False`` and
`WeChatApi` retries: token errors → refresh under a lock (in-process + Redis) at most ``max_retries`` times;
5xx / timeouts / errcode -1 → back off and retry at most ``max_retries`` times. Everything else is a per-message
result, never an exception, so a reminder batch never dies on one follower who unsubscribed.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import redis
import requests
from redis.backoff import NoBackoff
from redis.retry import Retry
from requests.adapters import HTTPAdapter
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage
from wechatpy.session.memorystorage import MemoryStorage
from wechatpy.session.redisstorage import RedisStorage

logger = logging.getLogger(__name__)

WECHAT_API_ORIGIN = "https://api.weixin.qq.com"
TOKEN_LOCK_KEY = "wuyebot:wechat:token-lock"
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
REDIS_RETRY_AFTER_SECONDS = 30.0  # after a Redis error, use the in-process fallback this long before trying again

# errcode → category; anything else non-zero is "permanent".
_CATEGORIES = {0: "ok", 45015: "window_closed", 45047: "quota_exceeded", 45009: "rate_limited"}


@dataclass(frozen=True)
class SendResult:
    ok: bool
    category: str  # ok | window_closed | quota_exceeded | rate_limited | permanent | token_failed | transient_failed
    errcode: int | None = None
    errmsg: str = ""
    msgid: int | None = None
    attempts: int = 1


class _RedisBreaker:
    """Remembers that Redis failed, so we warn once and skip it for a while instead of failing every call."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._down_until = 0.0

    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def tripped(self, exc: Exception) -> None:
        if self.available():
            logger.warning("Redis unreachable for %s (%s); using the in-process fallback", self._what, exc)
        self._down_until = time.monotonic() + REDIS_RETRY_AFTER_SECONDS


def _redis_from_url(url: str) -> redis.Redis:
    # Short timeouts and one retry: a dead Redis must cost a send milliseconds, not redis-py's default backoff.
    return redis.Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=1.0, retry=Retry(NoBackoff(), 1))


class _FallbackRedisStorage(RedisStorage):
    """`RedisStorage` that keeps working (per process) while Redis is down."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        super().__init__(client, prefix=prefix)
        self._memory = MemoryStorage()
        self._breaker = _RedisBreaker("the access_token store")

    def get(self, key: str, default: Any = None) -> Any:
        if self._breaker.available():
            try:
                return super().get(key, default)
            except redis.RedisError as exc:
                self._breaker.tripped(exc)
        return self._memory.get(key, default)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self._memory.set(key, value, ttl)  # kept too, so a later outage still has the latest token
        if self._breaker.available():
            try:
                super().set(key, value, ttl)
            except redis.RedisError as exc:
                self._breaker.tripped(exc)

    def delete(self, key: str) -> None:
        self._memory.delete(key)
        if self._breaker.available():
            try:
                super().delete(key)
            except redis.RedisError as exc:
                self._breaker.tripped(exc)


def make_token_storage(redis_url: str | None) -> SessionStorage:
    """Shared Redis token store when Redis is configured (one token for all workers), else per-process memory."""
    if redis_url:
        return _FallbackRedisStorage(_redis_from_url(redis_url), prefix="wuyebot:wechat")
    return MemoryStorage()


class _WeChatAdapter(HTTPAdapter):
    """Adds a default timeout (wechatpy's token fetch passes none); optionally sends api.weixin.qq.com to a fake."""

    def __init__(self, api_base: str | None, default_timeout: float) -> None:
        super().__init__()
        self._api_base = api_base.rstrip("/") if api_base else None
        self._default_timeout = default_timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self._default_timeout
        if self._api_base and request.url and request.url.startswith(WECHAT_API_ORIGIN):
            request.url = self._api_base + request.url[len(WECHAT_API_ORIGIN) :]
            kwargs["proxies"] = {}  # proxies were chosen for api.weixin.qq.com, not for the (loopback) fake
        return super().send(request, **kwargs)


def make_client(
    app_id: str, secret: str, storage: SessionStorage, api_base: str | None, timeout: float = 5.0
) -> WeChatClient:
    """A wechatpy client without its unbounded auto-retry; `api_base` (e.g. the fake) replaces api.weixin.qq.com."""
    client = WeChatClient(app_id, secret, session=storage, timeout=timeout, auto_retry=False)
    # wechatpy has no transport hook; its private requests session is the one place that sees every URL,
    # including customservice's absolute ones and the hard-coded token URL.
    client._http.mount(WECHAT_API_ORIGIN, _WeChatAdapter(api_base, timeout))
    return client


class _TokenFetchError(Exception):
    def __init__(self, errcode: int | None, errmsg: str) -> None:
        super().__init__(errcode, errmsg)
        self.errcode = errcode
        self.errmsg = errmsg


class _Transient(Exception):
    """A 5xx, a timeout, a connection error or errcode -1: worth another try after a pause."""


class WeChatApi:
    """The calls wuyebot makes, each returning a `SendResult`; retries are bounded and token refresh is locked."""

    def __init__(
        self, client: WeChatClient, redis_url: str | None = None, backoff_seconds: float = 0.2, max_retries: int = 2
    ) -> None:
        self._client = client
        self._backoff = backoff_seconds
        self._max_retries = max_retries
        self._local_lock = threading.Lock()
        self._redis = _redis_from_url(redis_url) if redis_url else None
        self._breaker = _RedisBreaker("the token-refresh lock")

    # --- the API calls ---

    def send_text(self, openid: str, content: str) -> SendResult:
        """发送客服消息（文本） https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html"""
        data = {"touser": openid, "msgtype": "text", "text": {"content": content}}
        return self._call("message/custom/send", data)

    def send_template(
        self,
        openid: str,
        template_id: str,
        data: dict[str, Any],
        url: str | None = None,
        client_msg_id: str | None = None,
    ) -> SendResult:
        """发送模板消息 https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html"""
        # Raw post: wechatpy 1.8.18's send_template has no client_msg_id (WeChat's 10-minute duplicate guard).
        body: dict[str, Any] = {"touser": openid, "template_id": template_id, "data": data}
        if url:
            body["url"] = url
        if client_msg_id:
            body["client_msg_id"] = client_msg_id
        return self._call("message/template/send", body)

    def create_kf_session(self, openid: str, account: str, text: str | None = None) -> SendResult:
        """创建客服会话 https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html"""
        body = {"kf_account": account, "openid": openid}
        if text:
            body["text"] = text
        return self._call(f"{WECHAT_API_ORIGIN}/customservice/kfsession/create", body)

    # --- tokens ---

    def refresh_token(self, stale: str | None) -> str | None:
        """Replace the token WeChat rejected, unless another worker already did; returns the token to use."""
        key = self._client.access_token_key
        with self._local_lock, self._shared_lock():
            current = self._client.session.get(key)
            if current and current != stale:
                # Someone else refreshed. If it was not this process (our expiry is stale or unknown), trust the
                # store's TTL for it, as wechatpy does for tokens it finds in storage.
                expires_at = self._client.expires_at
                if expires_at is not None and expires_at - time.time() <= 60:
                    self._client.expires_at = None
                return current
            self._fetch_token()
            return self._client.session.get(key)

    def _token(self) -> str | None:
        token = self._client.session.get(self._client.access_token_key)
        expires_at = self._client.expires_at
        if token and (expires_at is None or expires_at - time.time() > 60):
            return token
        return self.refresh_token(stale=token)

    def _fetch_token(self) -> None:
        try:
            self._client.fetch_access_token()
        except WeChatClientException as exc:
            if exc.errcode is None or exc.errcode == -1:
                raise _Transient(f"token fetch: {_describe(exc)}") from exc
            raise _TokenFetchError(exc.errcode, str(exc.errmsg or "")) from exc
        except (requests.RequestException, ValueError) as exc:
            raise _Transient(f"token fetch: {exc}") from exc

    @contextlib.contextmanager
    def _shared_lock(self) -> Iterator[None]:
        """The Redis lock that keeps workers from refreshing at once (each refresh kills the token before last)."""
        if self._redis is None or not self._breaker.available():
            yield
            return
        lock = self._redis.lock(TOKEN_LOCK_KEY, timeout=30, blocking_timeout=10)
        try:
            acquired = lock.acquire()
        except redis.RedisError as exc:
            self._breaker.tripped(exc)
            acquired = False
        else:
            if not acquired:
                logger.warning("timed out waiting for %s; refreshing anyway", TOKEN_LOCK_KEY)
        try:
            yield
        finally:
            if acquired:
                with contextlib.suppress(redis.RedisError):
                    lock.release()

    # --- the retry loop ---

    def _call(self, endpoint: str, data: dict[str, Any]) -> SendResult:
        attempts = refreshes = retries = 0
        rejected: str | None = None  # the token WeChat last rejected, while a refresh is pending
        refresh_pending = False
        while True:
            attempts += 1
            token: str | None = None
            try:
                token = self.refresh_token(stale=rejected) if refresh_pending else self._token()
                refresh_pending = False
                result = self._client.post(endpoint, params={"access_token": token}, data=data)
                return self._finish(endpoint, attempts, result)
            except _TokenFetchError as exc:
                # 45009 here is the token API's own daily quota (2000/day): same alarm as any rate limit.
                category = "rate_limited" if exc.errcode == 45009 else "token_failed"
                return self._failed(endpoint, category, attempts, exc.errcode, exc.errmsg)
            except WeChatClientException as exc:
                if exc.errcode in TOKEN_ERRCODES:
                    if refreshes >= self._max_retries:
                        return self._failed(endpoint, "token_failed", attempts, exc.errcode, str(exc.errmsg or ""))
                    logger.info("WeChat rejected the access_token (%s); refreshing", exc.errcode)
                    refreshes += 1
                    rejected, refresh_pending = token, True
                    continue
                status = getattr(exc.response, "status_code", None)
                if exc.errcode is None and status is not None and status < 500:
                    return self._failed(endpoint, "permanent", attempts, None, f"HTTP {status}")
                if exc.errcode not in (None, -1):
                    return self._failed(endpoint, _CATEGORIES.get(exc.errcode, "permanent"), attempts, exc.errcode,
                                        str(exc.errmsg or ""))
                last_errcode, last_error = exc.errcode, _describe(exc)
            except _Transient as exc:
                last_errcode, last_error = None, str(exc)
            except requests.RequestException as exc:
                last_errcode, last_error = None, f"{type(exc).__name__}: {exc}"
            # Only transient failures (5xx, timeouts, connection errors, -1) get here.
            if retries >= self._max_retries:
                return self._failed(endpoint, "transient_failed", attempts, last_errcode, last_error)
            retries += 1
            self._sleep(retries)

    def _sleep(self, retry: int) -> None:
        # Exponential backoff with jitter so workers that failed together do not retry together.
        delay = self._backoff * (2 ** (retry - 1))
        time.sleep(delay + random.uniform(0, delay))

    def _finish(self, endpoint: str, attempts: int, result: Any) -> SendResult:
        if not isinstance(result, dict):
            # wechatpy hands back the raw response when it is not JSON (say, a proxy's page). It may have been
            # delivered, so a retry could duplicate it: record it as failed instead.
            return self._failed(endpoint, "permanent", attempts, None, "non-JSON response")
        msgid = result.get("msgid")
        return SendResult(True, "ok", 0, str(result.get("errmsg", "ok")), int(msgid) if msgid else None, attempts)

    def _failed(self, endpoint: str, category: str, attempts: int, errcode: int | None, errmsg: str) -> SendResult:
        # rate_limited means the account's quota is gone for the day: someone must act, so it is an ERROR.
        level = logging.ERROR if category in ("rate_limited", "token_failed") else logging.WARNING
        if category in ("window_closed", "quota_exceeded"):
            level = logging.INFO  # expected: the follower has not written within 48 h / used up the window
        logger.log(level, "WeChat %s failed: %s (errcode=%s %s, attempts=%d)", endpoint, category, errcode, errmsg,
                   attempts)
        return SendResult(False, category, errcode, errmsg, None, attempts)


def _describe(exc: WeChatClientException) -> str:
    response = getattr(exc, "response", None)
    if response is not None and exc.errcode is None:
        return f"HTTP {response.status_code}"
    return f"{exc.errcode} {exc.errmsg or ''}".strip()
