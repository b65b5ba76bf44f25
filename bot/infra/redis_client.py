"""One asyncio Redis client per process, built on first use from REDIS_URL (nothing connects at import)."""

from redis import asyncio as aioredis


def make_redis(url: str) -> aioredis.Redis:
    # Short timeouts: a Redis outage must degrade to the in-process fallback quickly, not stall owners' replies.
    return aioredis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5, health_check_interval=30)
