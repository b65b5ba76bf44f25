import pytest
import redis

from tests.conftest import missing_service, redis_test_url
from tests.wechat_harness import make_harness

# An account configured as production would be: its own token, app id and EncodingAESKey (safe/compatible mode).
KEYED_ENV = {"WECHAT_TOKEN": "sec-token-2026", "WECHAT_APP_ID": "wxsecuritytest001",
             "WECHAT_ENCODING_AES_KEY": "c2VjdXJpdHktdGVzdC1rZXktMzItYnl0ZXMtbG9uZzA"}


@pytest.fixture
def harness(tmp_path, monkeypatch):
    """The real app on the embedded default (development identity), a scripted Rasa that echoes."""
    yield from make_harness(tmp_path, monkeypatch)


@pytest.fixture
def keyed_harness(tmp_path, monkeypatch):
    """The real app with a configured account and AES key (what faces the Internet in production)."""
    yield from make_harness(tmp_path, monkeypatch, KEYED_ENV)


@pytest.fixture
def redis_harness(tmp_path, monkeypatch):
    """The embedded default with Redis (WUYEBOT_TEST_REDIS_DB, flushed): de-duplication and replay memory shared."""
    url = redis_test_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError as error:
        missing_service(f"Redis not reachable at {url}: {error}")
    monkeypatch.setenv("REDIS_URL", url)
    yield from make_harness(tmp_path, monkeypatch)
