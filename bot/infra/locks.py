"""One owner's messages are handled one at a time, in the order they arrived; different owners run in parallel.

In process: a FIFO of slots per key. ``reserve(key)`` is synchronous, so a message takes its place in its owner's
queue the moment it arrives — before any await (storing it, de-duplicating) can reorder it — and ``async with``
waits for the slots before it. Across instances: a Redis lock per key on top (redis-py's ``Lock``, with a
timeout so a crashed instance cannot hold an owner forever). Redis errors degrade to the in-process order with a
warning.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis import asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class Slot:
    def __init__(self, locks: "KeyedLocks", key: str, before: asyncio.Event | None, mine: asyncio.Event) -> None:
        self._locks, self._key, self._before, self._mine = locks, key, before, mine

    async def __aenter__(self) -> None:
        try:
            if self._before is not None:
                await self._before.wait()
            self._shared = self._locks._shared(self._key)
            await self._shared.__aenter__()
        except BaseException:
            self._release()
            raise

    async def __aexit__(self, *exc) -> None:
        try:
            await self._shared.__aexit__(*exc)
        finally:
            self._release()

    def _release(self) -> None:
        self._mine.set()
        if self._locks._last.get(self._key) is self._mine:  # nobody queued behind: forget the key
            del self._locks._last[self._key]


class KeyedLocks:
    def __init__(self, redis: aioredis.Redis | None = None, timeout_seconds: float = 30.0,
                 prefix: str = "wuyebot:lock:") -> None:
        self._last: dict[str, asyncio.Event] = {}
        self._redis = redis
        self._timeout = timeout_seconds
        self._prefix = prefix

    def reserve(self, key: str) -> Slot:
        before = self._last.get(key)
        mine = asyncio.Event()
        self._last[key] = mine
        return Slot(self, key, before, mine)

    @asynccontextmanager
    async def _shared(self, key: str) -> AsyncIterator[None]:
        if self._redis is None:
            yield
            return
        lock = self._redis.lock(self._prefix + key, timeout=self._timeout, blocking_timeout=self._timeout)
        try:
            acquired = await lock.acquire()
        except (RedisError, OSError) as error:
            log.warning("Redis unavailable for the per-owner lock (%s); ordering holds within this instance", error)
            acquired = False
        try:
            yield
        finally:
            if acquired:
                try:
                    await lock.release()
                except (RedisError, OSError) as error:  # expired or Redis gone: the timeout frees it anyway
                    log.warning("could not release the per-owner lock: %s", error)
