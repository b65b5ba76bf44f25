"""Claiming a message id once: WeChat retries a message it got no answer to within 5 s, up to 3 deliveries.

``claim(key)`` is True for the first caller only (atomic: Redis ``SET NX EX``, or a dict under the event loop
in the embedded default). If Redis stops answering, claims continue in process memory with a warning: duplicates
across instances become possible for that time, but no owner message is refused or lost.
"""

import logging
import time
from typing import Protocol

from redis import asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class Dedup(Protocol):
    async def claim(self, key: str, ttl_seconds: int) -> bool: ...

    async def release(self, key: str) -> None: ...


class MemoryDedup:
    def __init__(self, clock=time.monotonic) -> None:
        self._expires: dict[str, float] = {}
        self._clock = clock

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        now = self._clock()
        if len(self._expires) > 10_000:  # keep memory bounded: drop what has expired
            self._expires = {k: t for k, t in self._expires.items() if t > now}
        if self._expires.get(key, 0) > now:
            return False
        self._expires[key] = now + ttl_seconds
        return True

    async def release(self, key: str) -> None:
        self._expires.pop(key, None)


class RedisDedup:
    def __init__(self, redis: aioredis.Redis, prefix: str = "wuyebot:dedup:") -> None:
        self._redis = redis
        self._prefix = prefix
        self._fallback = MemoryDedup()
        self._degraded = False

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        try:
            claimed = bool(await self._redis.set(self._prefix + key, "1", nx=True, ex=ttl_seconds))
        except (RedisError, OSError) as error:
            if not self._degraded:
                log.warning("Redis unavailable for de-duplication (%s); using process memory until it is back", error)
                self._degraded = True
            return await self._fallback.claim(key, ttl_seconds)
        if self._degraded:
            log.warning("Redis is back; de-duplication uses it again")
            self._degraded = False
        return claimed

    async def release(self, key: str) -> None:
        await self._fallback.release(key)
        try:
            await self._redis.delete(self._prefix + key)
        except (RedisError, OSError) as error:
            log.warning("could not release the de-duplication claim %s: %s", key, error)
