"""Nothing lost, nothing handled twice, one owner in order: the retrier, ordering, Redis and its absence."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

import anyio
import pytest
import redis
from sqlalchemy import select

from bot.db.models import Grievance, GrievanceStatus, InboxMessage, InboxState, SendLog
from bot.infra.dedup import MemoryDedup, RedisDedup
from bot.infra.locks import KeyedLocks
from bot.infra.redis_client import make_redis
from bot.wechat.retrier import retry_due
from tests.conftest import missing_service, redis_test_url

REDIS_URL = redis_test_url()


def test_a_message_rasa_could_not_answer_is_answered_later_through_the_api(harness):
    harness.rasa.down = True
    harness.send(openid="oLater", text="物业电话多少")
    harness.rasa.down = False
    gateway = harness.client.app.state.gateway
    soon = datetime.now(UTC) + timedelta(minutes=1)  # past the first back-off (30 s)
    tried = harness.client.portal.call(retry_due, gateway, gateway._log, timedelta(minutes=2), soon)
    assert tried == 1
    assert harness.pushed("oLater") == ["echo: 物业电话多少"]
    with harness.sessions() as session:
        assert session.execute(select(InboxMessage.state).where(InboxMessage.openid == "oLater")).scalar_one() \
            == InboxState.ANSWERED


def test_one_owners_messages_keep_their_order_while_others_run_in_parallel(harness):
    harness.rasa.delay_seconds = 0.3
    gateway = harness.client.app.state.gateway
    from bot.wechat.inbound import inbound_from_fields

    def message(openid, n):
        return inbound_from_fields({"FromUserName": openid, "ToUserName": "gh", "MsgType": "text",
                                    "CreateTime": "1", "MsgId": f"{ord(openid[-1])}{n}", "Content": f"{openid}:{n}"})

    async def burst():
        started = time.monotonic()
        await asyncio.gather(*(gateway.accept(message(o, n), remaining=5) for n in range(3) for o in ("oA", "oB")))
        return time.monotonic() - started

    elapsed = harness.client.portal.call(burst)
    for owner in ("oA", "oB"):
        assert [m for s, m in harness.rasa.received if s == f"wx:{owner}"] == [f"{owner}:{n}" for n in range(3)]
    assert elapsed < 6 * 0.3  # the two owners overlapped


def test_a_photo_is_attached_to_the_owners_open_ticket(harness):
    with harness.sessions.begin() as session:
        now = datetime.now(UTC)
        session.add(Grievance(ticket_no="GR20261128-0001", conversation_id="wx:oPhoto", category="leak",
                              department="工程部", description="漏水", status=GrievanceStatus.OPEN, created_at=now,
                              sla_due_at=now))
    response, simulated = harness.send(openid="oPhoto", kind="image")
    assert "GR20261128-0001" in harness.passive(response, simulated)
    with harness.sessions() as session:
        photos = session.execute(select(Grievance.photos)).scalar_one()
    assert len(photos["media_ids"]) == 1


def test_template_delivery_receipts_are_recorded(harness):
    from bot.wechat.envelope import event_xml, sign_request

    log = harness.client.app.state.gateway._log
    log.log_send("oT", "template", "reminder", "提醒", "sent", "ok", wechat_msgid=200163836)
    xml = event_xml("gh", "oT", "TEMPLATESENDJOBFINISH", int(time.time()), extra={"MsgID": 200163836,
                                                                                    "Status": "failed:user block"})
    query, body = sign_request(harness.credentials, xml, "plain", int(time.time()), "7")
    assert harness.client.post("/wechat", params=query, content=body).text == "success"
    with harness.sessions() as session:
        assert session.execute(select(SendLog.delivery_status)).scalar_one() == "failed:user block"


def test_memory_dedup_claims_once_until_the_ttl():
    clock = [0.0]
    dedup = MemoryDedup(clock=lambda: clock[0])
    assert anyio.run(dedup.claim, "k", 10) is True
    assert anyio.run(dedup.claim, "k", 10) is False
    clock[0] = 11
    assert anyio.run(dedup.claim, "k", 10) is True


@pytest.fixture
def redis_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        missing_service(f"Redis not reachable at {REDIS_URL}: {error}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


def test_redis_dedup_is_shared_between_instances_and_atomic(redis_url):
    async def race():
        clients = [make_redis(redis_url) for _ in range(2)]
        dedups = [RedisDedup(c) for c in clients]
        results = await asyncio.gather(*(dedups[i % 2].claim("msg:1", 60) for i in range(10)))
        for c in clients:
            await c.aclose()
        return results

    assert sorted(anyio.run(race)) == [False] * 9 + [True]


def test_redis_down_degrades_to_memory_with_a_warning(caplog):
    async def claims():
        client = make_redis("redis://127.0.0.1:1/0")  # nothing listens there
        dedup, locks = RedisDedup(client), KeyedLocks(client)
        first, second = await dedup.claim("k", 60), await dedup.claim("k", 60)
        async with locks.reserve("oX"):
            pass
        await client.aclose()
        return first, second

    assert anyio.run(claims) == (True, False)
    assert "Redis unavailable" in caplog.text


def test_redis_lock_orders_one_owner_across_two_instances(redis_url):
    async def run():
        clients = [make_redis(redis_url) for _ in range(2)]
        instances = [KeyedLocks(c, timeout_seconds=5) for c in clients]
        order = []

        async def work(i):
            async with instances[i % 2].reserve("oSame"):
                order.append(("start", i))
                await asyncio.sleep(0.05)
                order.append(("end", i))

        await asyncio.gather(*(work(i) for i in range(4)))
        for c in clients:
            await c.aclose()
        return order

    order = anyio.run(run)
    # Never two at once: every start is followed by its own end.
    assert all(order[k][0] == "start" and order[k + 1] == ("end", order[k][1]) for k in range(0, 8, 2))


def test_two_retriers_never_take_the_same_attempt(harness):
    harness.rasa.down = True
    harness.send(openid="oTwice", text="两个实例")
    harness.rasa.down = False
    gateway = harness.client.app.state.gateway

    soon = datetime.now(UTC) + timedelta(minutes=1)

    async def two_passes():
        return await asyncio.gather(retry_due(gateway, gateway._log, timedelta(minutes=2), soon),
                                    retry_due(gateway, gateway._log, timedelta(minutes=2), soon))

    assert sorted(harness.client.portal.call(two_passes)) == [0, 1]
    assert [m for s, m in harness.rasa.received if s == "wx:oTwice"] == ["两个实例"]
