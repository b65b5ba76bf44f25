"""The loopback fake WeChat API and the outbound client's bounded retries, end to end over 127.0.0.1."""

import logging
import socket
import uuid
from collections.abc import Iterator

import httpx
import pytest
import redis

from bot.wechat.client import SendResult, WeChatApi, make_client, make_token_storage
from bot.wechat.fake_api import FakeWeChat, FakeWeChatServer
from tests.conftest import missing_service

REDIS_URL = "redis://127.0.0.1:6379/0"
OPENID = "o-owner-0001"
CUSTOM_SEND = "message/custom/send"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeWeChatServer]:
    with FakeWeChatServer() as running:
        yield running


@pytest.fixture()
def fake(server: FakeWeChatServer) -> FakeWeChat:
    server.fake.reset()
    return server.fake


def make_api(server: FakeWeChatServer, timeout: float = 2.0, redis_url: str | None = None, **kw: object) -> WeChatApi:
    # A fresh appid per client: nothing leaks between tests through token storage.
    client = make_client(f"wx-test-{uuid.uuid4().hex[:8]}", "s3cret", make_token_storage(redis_url), server.base_url,
                         timeout=timeout)
    return WeChatApi(client, redis_url=redis_url, backoff_seconds=0.01, **kw)  # type: ignore[arg-type]


def redis_or_skip() -> redis.Redis:
    conn = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        conn.ping()
    except redis.RedisError as exc:
        missing_service(f"Redis at 127.0.0.1:6379 is unreachable ({exc})")
    return conn


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_token_fetched_once_and_cached(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    api = make_api(server)
    assert api.send_text(OPENID, "一").ok
    assert api.send_text(OPENID, "二").ok
    assert fake.token_fetches == 1
    assert [c.query["access_token"] for c in fake.calls(path=CUSTOM_SEND)] == ["FAKE-TOKEN-1"] * 2


def test_send_text_recorded_with_touser_and_content(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    result = make_api(server).send_text(OPENID, "您好，本月物业费已出账。")
    assert result == SendResult(ok=True, category="ok", errcode=0, errmsg="ok", attempts=1)
    [call] = fake.calls(touser=OPENID)
    assert (call.method, call.path) == ("POST", "/cgi-bin/message/custom/send")
    assert call.body == {"touser": OPENID, "msgtype": "text", "text": {"content": "您好，本月物业费已出账。"}}


def test_invalid_token_once_refreshes_then_succeeds(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    api = make_api(server)
    fake.fail_next(CUSTOM_SEND, errcode=40001)
    result = api.send_text(OPENID, "hi")
    assert (result.ok, result.attempts) == (True, 2)
    assert fake.token_fetches == 2


def test_invalid_token_forever_is_bounded(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    api = make_api(server, max_retries=2)
    fake.fail_next(CUSTOM_SEND, errcode=40001, times=None)
    result = api.send_text(OPENID, "hi")
    assert (result.ok, result.category, result.errcode) == (False, "token_failed", 40001)
    assert fake.token_fetches <= 3
    assert len(fake.calls(path=CUSTOM_SEND)) == 3


def test_tokens_rejected_by_the_fake_are_replaced(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    api = make_api(server)
    assert api.send_text(OPENID, "one").ok
    fake.invalidate_tokens()  # as if another system refreshed twice
    result = api.send_text(OPENID, "two")
    assert (result.ok, result.attempts) == (True, 2)
    assert fake.calls(path=CUSTOM_SEND)[1].result["errcode"] == 40001


def test_window_closed_is_not_retried(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    fake.fail_next(CUSTOM_SEND, errcode=45015)
    result = make_api(server).send_text(OPENID, "hi")
    assert (result.ok, result.category, result.errcode, result.attempts) == (False, "window_closed", 45015, 1)
    assert len(fake.calls(path=CUSTOM_SEND)) == 1


def test_quota_exceeded(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    fake.fail_next(CUSTOM_SEND, errcode=45047)
    assert make_api(server).send_text(OPENID, "hi").category == "quota_exceeded"


def test_rate_limited_stops_and_logs_error(
    server: FakeWeChatServer, fake: FakeWeChat, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next(CUSTOM_SEND, errcode=45009, times=None)
    with caplog.at_level(logging.INFO, logger="bot.wechat.client"):
        result = make_api(server).send_text(OPENID, "hi")
    assert (result.category, result.attempts) == ("rate_limited", 1)
    assert len(fake.calls(path=CUSTOM_SEND)) == 1
    assert any(r.levelno == logging.ERROR and "rate_limited" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("errcode", [43004, 43101, 40003, 99999])
def test_permanent_errors_are_recorded_not_retried(server: FakeWeChatServer, fake: FakeWeChat, errcode: int) -> None:
    fake.fail_next(CUSTOM_SEND, errcode=errcode)
    result = make_api(server).send_text(OPENID, "hi")
    assert (result.ok, result.category, result.errcode) == (False, "permanent", errcode)
    assert len(fake.calls(path=CUSTOM_SEND)) == 1


def test_server_errors_are_retried(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    fake.fail_next(CUSTOM_SEND, http_status=500, times=2)
    result = make_api(server).send_text(OPENID, "hi")
    assert (result.ok, result.attempts) == (True, 3)
    assert [c.http_status for c in fake.calls(path=CUSTOM_SEND)] == [500, 500, 200]


def test_system_busy_forever_is_transient_failed(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    fake.fail_next(CUSTOM_SEND, errcode=-1, times=None)
    result = make_api(server, max_retries=1).send_text(OPENID, "hi")
    assert (result.category, result.errcode, result.attempts) == ("transient_failed", -1, 2)


def test_slow_wechat_is_transient_failed(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    fake.fail_next(CUSTOM_SEND, delay_seconds=0.5, times=None)
    result = make_api(server, timeout=0.1).send_text(OPENID, "hi")
    assert (result.ok, result.category, result.attempts) == (False, "transient_failed", 3)
    assert "Timeout" in result.errmsg


def test_token_endpoint_errors(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    fake.fail_next("token", errcode=40164, errmsg="invalid ip, not in whitelist")
    result = make_api(server).send_text(OPENID, "hi")
    assert (result.category, result.errcode) == ("token_failed", 40164)
    assert fake.calls(path=CUSTOM_SEND) == []


def test_template_send_returns_msgid(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    api = make_api(server)
    data = {"thing1": {"value": "3栋1单元502"}, "amount2": {"value": "¥1,280.00"}}
    first = api.send_template(OPENID, "TPL-FEE", data, url="https://example.invalid/bill", client_msg_id="bill-42")
    second = api.send_template(OPENID, "TPL-FEE", data)
    assert first.ok and first.msgid is not None and second.msgid == first.msgid + 1
    call = fake.calls(path="message/template/send")[0]
    assert call.body["client_msg_id"] == "bill-42" and call.body["data"] == data and call.touser == OPENID


def test_kf_session_create_hits_the_fake(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    result = make_api(server).create_kf_session(OPENID, "kf2001@wuye", text="业主要求人工")
    assert result.ok
    [call] = fake.calls(path="/customservice/kfsession/create")
    assert call.body == {"kf_account": "kf2001@wuye", "openid": OPENID, "text": "业主要求人工"}
    assert fake.kf_session(OPENID) == "kf2001@wuye"


def test_control_endpoints_over_http(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    base = server.base_url
    spec = {"path": CUSTOM_SEND, "errcode": 45015, "times": 1, "delay_seconds": 0, "http_status": 200}
    assert httpx.post(f"{base}/_fake/failures", json=spec).json()["errcode"] == 0
    api = make_api(server)
    assert api.send_text(OPENID, "a").category == "window_closed"
    first_id = fake.calls()[0].id
    assert api.send_text(OPENID, "b").ok
    listed = httpx.get(f"{base}/_fake/calls", params={"touser": OPENID, "after_id": first_id}).json()
    assert [c["result"]["errcode"] for c in listed] == [45015, 0]
    token_call = httpx.get(f"{base}/_fake/calls", params={"path": "token"}).json()[0]
    assert token_call["query"]["secret"] == "***"
    httpx.post(f"{base}/_fake/reset")
    assert fake.calls() == [] and fake.token_fetches == 0
    assert api.send_text(OPENID, "c").attempts == 1  # tokens survive a reset


def test_refresh_uses_a_token_another_worker_stored(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    client = make_client("wx-test-shared", "s3cret", make_token_storage(None), server.base_url)
    api = WeChatApi(client, backoff_seconds=0.01)
    assert api.send_text(OPENID, "hi").ok
    stale = fake.calls(path=CUSTOM_SEND)[0].query["access_token"]
    client.fetch_access_token()  # another worker refreshing into the shared store
    fetches = fake.token_fetches
    assert api.refresh_token(stale=stale) not in (None, stale)
    assert fake.token_fetches == fetches


def test_redis_storage_shares_the_token(server: FakeWeChatServer, fake: FakeWeChat) -> None:
    conn = redis_or_skip()
    appid = f"wx-test-{uuid.uuid4().hex[:8]}"
    apis = [
        WeChatApi(make_client(appid, "s3cret", make_token_storage(REDIS_URL), server.base_url), redis_url=REDIS_URL)
        for _ in range(2)
    ]
    try:
        assert all(api.send_text(OPENID, "hi").ok for api in apis)
        assert fake.token_fetches == 1
        tokens = {c.query["access_token"] for c in fake.calls(path=CUSTOM_SEND)}
        assert len(tokens) == 1
        # One worker's refresh (under the Redis lock) is picked up by the other without a second fetch.
        fake.fail_next(CUSTOM_SEND, errcode=40001)
        assert apis[0].send_text(OPENID, "again").attempts == 2
        assert apis[1].send_text(OPENID, "again").attempts == 1
        assert fake.token_fetches == 2
    finally:
        conn.delete(f"wuyebot:wechat:{appid}_access_token")


def test_unreachable_redis_falls_back(
    server: FakeWeChatServer, fake: FakeWeChat, caplog: pytest.LogCaptureFixture
) -> None:
    dead = f"redis://127.0.0.1:{closed_port()}/0"
    api = make_api(server, redis_url=dead)
    with caplog.at_level(logging.WARNING, logger="bot.wechat.client"):
        assert api.send_text(OPENID, "hi").ok
        fake.fail_next(CUSTOM_SEND, errcode=40001)  # exercises the refresh lock too
        assert api.send_text(OPENID, "again").ok
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Redis unreachable" in m for m in warnings)
    assert fake.token_fetches == 2
