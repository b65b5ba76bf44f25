"""Every attack of issue 7, tried as an attacker would, against the real app, and where it applies the real Rasa
server and action server (tests/conftest.py's ``rasa_stack``). docs/security.md maps each threat to its test here.

In-process tests use the real app with a scripted Rasa that echoes ("echo: <text>"), so whatever an owner typed
comes back in the reply; stack tests use the trained model, the action server and a company database with
owners on record (tests/data/builders.py: 张伟 owes in 阳光花园, 李娜 owes 999.99元 in 翠湖苑).
"""

import os
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import sessionmaker
from starlette.testclient import TestClient

from bot import container
from bot.app import create_app
from bot.config import DEV_WECHAT_AES_KEY, DEV_WECHAT_APP_ID, DEV_WECHAT_TOKEN, PROJECT_ROOT, load_settings
from bot.db.models import Handoff, HandoffReason, InboxMessage, InboxState, SendLog
from bot.devtools.model import model_path
from bot.devtools.paths import RASA_BIN
from bot.devtools.stack import free_port
from bot.domain.inbox_retry import MAX_TRIES
from bot.infra.internal_auth import bearer_header
from bot.rasa_client import RasaClient
from bot.wechat import texts
from bot.wechat.envelope import event_xml, read_reply, sign_request, signature_for, text_xml
from bot.wechat.retrier import retry_due
from bot.wechat.security import Credentials, parse_xml
from bot.wechat.simulate import owner_message, redelivery
from tests.conftest import missing_service

DEV = Credentials(DEV_WECHAT_TOKEN, DEV_WECHAT_APP_ID, DEV_WECHAT_AES_KEY, encrypted_only=False)
XML_SPECIALS = ']]></Content><MsgType><![CDATA[news]]></MsgType><Content><![CDATA[x<y>&z"\'<!--'
STALE = timedelta(minutes=2)


def _inbox(harness) -> list[InboxMessage]:
    with harness.sessions() as session:
        return session.execute(select(InboxMessage).order_by(InboxMessage.id)).scalars().all()


def _post(harness, simulated):
    return harness.client.post("/wechat", params=simulated.query, content=simulated.body)


# =============================================================================================== impersonation


@pytest.mark.integration
def test_nobody_reads_a_bound_owners_bill_without_wechat(rasa_stack, say):
    """李娜 binds through WeChat; then every other way in is tried with her conversation id."""
    li = "wx:oSecLiNa0000000000000000001"
    say(li, "我要绑定房子")
    say(li, "3栋2单元1502")
    say(li, "李娜")
    assert "999.99" in "\n".join(say(li, "5432") + say(li, "我家欠多少钱"))  # she sees her own bill

    # 1. The web chat's JSON "sender" (how anyone could speak as anyone) is refused outright.
    app = f"{rasa_stack.app_url}/api/chat"
    assert httpx.post(app, json={"sender": li, "message": "我家欠多少钱"}, timeout=30).status_code == 400
    # 2. A forged cookie holding her id is a new web visitor, who cannot bind and sees no bill.
    forged = httpx.post(app, json={"message": "我家欠多少钱"}, cookies={"wuyebot_chat": li}, timeout=30)
    assert forged.status_code == 200 and "999.99" not in forged.text
    assert "公众号" in forged.text  # told where binding happens
    # 3. Rasa's REST channel without the app's token, or with a wrong one.
    webhook = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    for headers in ({}, bearer_header("guessed"), {"Authorization": rasa_stack.rasa_token}):
        response = httpx.post(webhook, json={"sender": li, "message": "我家欠多少钱"}, headers=headers, timeout=30)
        assert response.status_code == 401 and "999.99" not in response.text
    # 4. Rasa's HTTP API: the tracker (her messages and slots) without the token.
    tracker = f"{rasa_stack.rasa_url}/conversations/{li}/tracker"
    assert httpx.get(tracker, timeout=10).status_code == 401
    assert httpx.get(tracker, params={"token": "guessed"}, timeout=10).status_code == 401
    # 5. The action server's webhook, called directly with her sender id.
    call = {"next_action": "action_check_balance", "sender_id": li, "version": "3.6.21",
            "tracker": {"sender_id": li, "slots": {}, "latest_message": {"text": "我家欠多少钱",
                        "intent": {"name": "ask_balance"}, "entities": []}, "events": [], "paused": False,
                        "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"},
            "domain": {}}
    webhook = f"{rasa_stack.actions_url}/webhook"
    assert httpx.post(webhook, json=call, timeout=30).status_code == 401
    assert httpx.post(webhook, json=call, headers=bearer_header("guessed"), timeout=30).status_code == 401
    # (What the token protects: with it, the very same call hands out the bill.)
    allowed = httpx.post(webhook, json=call, headers=bearer_header(rasa_stack.action_token), timeout=30)
    assert allowed.status_code == 200 and "999.99" in allowed.text
    # 6. The WeChat gateway without a signature, and the simulator with her openid but a wrong token.
    bare = text_xml("gh", "oSecLiNa0000000000000000001", "我家欠多少钱", 1, int(time.time()))
    assert httpx.post(f"{rasa_stack.app_url}/wechat", content=bare.encode(), timeout=30).status_code == 403
    wrong = Credentials("not-the-token", DEV_WECHAT_APP_ID, None)
    query, body = sign_request(wrong, bare, "plain", int(time.time()), "1")
    assert httpx.post(f"{rasa_stack.app_url}/wechat", params=query, content=body, timeout=30).status_code == 403
    # Her audit trail shows only her own views (actor = her conversation id, never a web visitor's).
    engine = create_engine(rasa_stack.database_url)
    with engine.connect() as connection:
        actors = {a for (a,) in connection.execute(text(
            "select actor from audit_log where action = 'view_balance'"))}
    engine.dispose()
    assert li in actors and not any(a.startswith("web:") for a in actors)


@pytest.mark.integration
def test_the_web_chat_never_binds(rasa_stack):
    client = RasaClient(rasa_stack.rasa_url, rasa_stack.rasa_token, timeout=30)
    with TestClient(create_app(rasa_client=client, run_retrier=False)) as app:
        replies = [r["text"] for r in app.post("/api/chat", json={"message": "我要绑定房子"}).json()["replies"]]
        assert any("网页演示" in r and "公众号" in r for r in replies), replies
        replies = " ".join(r["text"] for r in app.post("/api/chat", json={"message": "我家欠多少钱"}).json()["replies"])
        assert "公众号" in replies and not re.search(r"\d+\.\d\d元", replies)


def test_the_web_chat_is_off_once_wechat_credentials_are_set(monkeypatch, tmp_path):
    monkeypatch.setenv("WUYEBOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("WECHAT_TOKEN", "a-real-token")
    for flag, status in (("", 404), ("1", 200)):
        monkeypatch.setenv("WEBCHAT_ENABLED", flag)
        rasa = RasaClient("http://rasa.test", transport=httpx.MockTransport(lambda r: httpx.Response(200, json=[])))
        container.use(container.Container(settings=load_settings()))
        try:
            with TestClient(create_app(rasa_client=rasa, run_retrier=False)) as app:
                assert app.post("/api/chat", json={"message": "你好"}).status_code == status
        finally:
            container.use(None)


@pytest.mark.parametrize("length", [65, 200, 10_000])
def test_an_overlong_openid_is_refused_not_cut(harness, length):
    for openid in ("o" * length, "o" * (length - 1) + "X"):  # the same first 64 characters
        xml = text_xml("gh", openid, "我家欠多少钱", 4242 + len(openid), int(time.time()))
        query, body = sign_request(harness.credentials, xml, "plain", int(time.time()), f"n{openid[-1]}")
        response = harness.client.post("/wechat", params=query, content=body)
        assert response.status_code == 400 and "openid" in response.text
    assert _inbox(harness) == [] and harness.rasa.received == []


@pytest.mark.parametrize("openid", ["o1 2", "o:1", "wx:oVictim", "o1<x>", "о1"])  # the last is a Cyrillic о
def test_a_malformed_openid_is_refused(harness, openid):
    xml = text_xml("gh", openid, "你好", 77, int(time.time()))
    query, body = sign_request(harness.credentials, xml, "plain", int(time.time()), "n")
    assert harness.client.post("/wechat", params=query, content=body).status_code == 400
    assert harness.rasa.received == []


# ================================================================================================= lock-out


@pytest.mark.integration
def test_a_unit_locked_by_one_sender_refuses_the_next(rasa_stack, say):
    attacker, second = "wx:oSecAttackerA0000000000001", "wx:oSecAttackerB0000000000001"
    say(attacker, "我要绑定房子")
    for attempt in range(3):
        say(attacker, "5栋1单元301")
        say(attacker, "张伟")
        replies = "\n".join(say(attacker, f"000{attempt}"))
    assert "暂停" in replies
    # Another WeChat account tries the same unit, this time with the right details: refused, without binding,
    # and told the community's real service phone (never a placeholder).
    say(second, "我要绑定房子")
    replies = "\n".join(say(second, "5栋1单元301"))
    assert "暂停" in replies and "010-88886666" in replies and "见小区公告栏" not in replies
    assert not any("后四位" in r for r in replies.splitlines())  # not even asked for the rest
    engine = create_engine(rasa_stack.database_url)
    with sessionmaker(engine)() as session:
        bound = session.execute(text("select count(*) from wechat_binding where conversation_id = :c"),
                                {"c": second}).scalar_one()
        alerts = session.execute(select(Handoff.conversation_id).where(
            Handoff.reason == HandoffReason.BINDING_LOCKED)).scalars().all()
    engine.dispose()
    assert bound == 0 and {attacker, second} <= set(alerts)


@pytest.mark.integration
def test_name_and_phone_digits_leave_the_tracker_when_binding_ends(rasa_stack, say):
    def slots(conversation_id: str) -> dict:
        return httpx.get(f"{rasa_stack.rasa_url}/conversations/{conversation_id}/tracker",
                         params={"token": rasa_stack.rasa_token}, timeout=10).json()["slots"]

    kept = ("owner_name", "phone_last4", "unit")
    success, failure, abandoned = "wx:oSecSlotsOk", "wx:oSecSlotsBad", "wx:oSecSlotsGaveUp"
    for who, last4 in ((success, "1111"), (failure, "9999")):  # 王芳 is a tenant of 张伟's 1502
        for message in ("我要绑定房子", "3栋2单元1502", "王芳", last4):
            say(who, message)
        assert all(slots(who)[name] is None for name in kept), slots(who)
    for message in ("我要绑定房子", "3栋2单元1502", "王芳"):
        say(abandoned, message)
    assert slots(abandoned)["owner_name"] == "王芳"
    say(abandoned, "转人工")
    assert all(slots(abandoned)[name] is None for name in kept), slots(abandoned)
    assert "phone" not in slots(success)  # no slot keeps a whole phone number
    # However else binding ends: cancelled, "不记得" (no try counted), or left for another topic.
    for who, last in (("wx:oSecSlotsCancel", "不绑了"), ("wx:oSecSlotsForgot", "后四位记不清了"),
                      ("wx:oSecSlotsMovedOn", "电梯坏了")):
        for message in ("我要绑定房子", "3栋2单元1502", "王芳", last):
            say(who, message)
        assert all(slots(who)[name] is None for name in kept), (who, slots(who))


# =========================================================================================== replay, downgrade


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
def test_a_captured_signed_url_cannot_be_used_again(harness, mode):
    first = owner_message(harness.credentials, "oReplay1", "text", "你好", mode)
    assert _post(harness, first).status_code == 200
    # The attacker keeps the URL (signature, timestamp, nonce) and sends it again, with the same or another body.
    again = _post(harness, first)
    other_body = owner_message(harness.credentials, "oReplay1", "text", "我家欠多少钱", mode)
    swapped = harness.client.post("/wechat", params=first.query, content=other_body.body)
    assert again.status_code == 403 and again.text == "replayed request"
    assert swapped.status_code in (403, 400)  # replayed (plain) or not matching its msg_signature (aes)
    assert [m for _, m in harness.rasa.received] == ["你好"] and len(_inbox(harness)) == 1


def test_wechats_own_retry_is_still_answered_once(harness):
    first = owner_message(harness.credentials, "oRetry1", "text", "在吗", "safe", msg_id=909090)
    assert _post(harness, first).status_code == 200
    retry = _post(harness, redelivery(harness.credentials, first))
    assert retry.status_code == 200 and retry.text == "success"
    assert [m for _, m in harness.rasa.received] == ["在吗"]


def test_replays_are_refused_across_app_instances_through_redis(redis_harness):
    first = owner_message(redis_harness.credentials, "oTwoApps", "text", "你好", "plain")
    assert _post(redis_harness, first).status_code == 200
    # A second app instance (another process behind the load balancer), sharing the same Redis.
    rasa = RasaClient("http://rasa.test", transport=httpx.MockTransport(redis_harness.rasa.handle))
    with TestClient(create_app(rasa_client=rasa, fake_wechat=redis_harness.fake, run_retrier=False)) as other:
        assert other.post("/wechat", params=first.query, content=first.body).status_code == 403
    assert [m for _, m in redis_harness.rasa.received] == ["你好"]


def test_the_url_verification_checks_freshness(harness):
    def verify(timestamp: int):
        ts = str(timestamp)
        return harness.client.get("/wechat", params={"signature": signature_for(harness.credentials.token, ts, "9"),
                                                     "timestamp": ts, "nonce": "9", "echostr": "echo-42"})

    assert verify(int(time.time())).text == "echo-42"
    stale = verify(int(time.time()) - 3600)
    assert stale.status_code == 403 and "echo-42" not in stale.text


def test_a_keyed_account_refuses_plain_posts(keyed_harness):
    plain = owner_message(keyed_harness.credentials, "oDowngrade", "text", "我家欠多少钱", "plain")
    response = _post(keyed_harness, plain)
    assert response.status_code == 403 and keyed_harness.rasa.received == [] and _inbox(keyed_harness) == []


def test_compatible_mode_uses_the_encrypted_part_and_answers_encrypted(keyed_harness):
    creds = keyed_harness.credentials
    real = owner_message(creds, "oRealOwner", "text", "真的问题", "compatible")
    # Tamper with the plaintext copy of the fields: another sender, other content.
    forged = real.body.replace(b"oRealOwner", b"oSomeoneElse").replace("真的问题".encode(), "伪造".encode())
    response = keyed_harness.client.post("/wechat", params=real.query, content=forged)
    assert response.status_code == 200
    assert keyed_harness.rasa.received == [("wx:oRealOwner", "真的问题")]
    assert "真的问题" not in response.text and "<Encrypt>" in response.text  # the answer went back encrypted
    assert read_reply(creds, response.text, encrypted=True)["Content"] == "echo: 真的问题"


# ================================================================================================= reply XML


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
def test_no_owner_text_can_close_cdata_or_add_an_element(harness, mode):
    account = 'gh_]]></FromUserName><MsgType><![CDATA[image]]></MsgType><FromUserName><![CDATA[&<'
    xml = text_xml(account, "oInject1", XML_SPECIALS, 31337, int(time.time()))
    query, body = sign_request(harness.credentials, xml, mode, int(time.time()), "inject")
    response = harness.client.post("/wechat", params=query, content=body)
    reply = read_reply(harness.credentials, response.text, encrypted=mode != "plain")  # parse_xml: no duplicates
    assert reply == {"ToUserName": "oInject1", "FromUserName": account, "CreateTime": reply["CreateTime"],
                     "MsgType": "text", "Content": "echo: " + XML_SPECIALS}


def test_every_reply_the_gateway_produces_parses(harness):
    def send(kind, text="", **kw):
        simulated = owner_message(harness.credentials, "oEvery1", kind, text, "plain", **kw)
        response = _post(harness, simulated)
        assert response.status_code == 200
        return response.text

    produced = [send("subscribe"), send("text", XML_SPECIALS), send("voice", XML_SPECIALS), send("voice"),
                send("image"), send("location", XML_SPECIALS), send("click", event_key="BALANCE"),
                send("click", event_key="]]><x/>"), send("unsubscribe")]
    harness.rasa.down = True
    produced.append(send("text", "Rasa 不在" + XML_SPECIALS))
    harness.rasa.down = False
    replies = [parse_xml(body) for body in produced if body != "success"]
    assert len(replies) >= 7
    for reply in replies:
        assert set(reply) == {"ToUserName", "FromUserName", "CreateTime", "MsgType", "Content"}
        assert reply["MsgType"] == "text" and reply["ToUserName"] == "oEvery1"
    assert texts.HOLDING in [r["Content"] for r in replies]


# ============================================================================================= poison messages


def test_a_26_digit_msgid_receipt_is_kept_as_invalid_without_any_reply(harness):
    xml = event_xml("gh", "oPoison1", "TEMPLATESENDJOBFINISH", int(time.time()),
                    extra={"MsgID": "1" * 26, "Status": "success"})
    query, body = sign_request(harness.credentials, xml, "plain", int(time.time()), "p1")
    response = harness.client.post("/wechat", params=query, content=body)
    assert response.status_code == 200 and response.text == "success"  # no holding reply for a platform event
    (row,) = _inbox(harness)
    assert row.state == InboxState.INVALID and "MsgID" in row.last_error
    gateway = harness.client.app.state.gateway
    later = datetime.now(UTC) + timedelta(hours=1)
    assert harness.client.portal.call(retry_due, gateway, gateway._log, STALE, later) == 0
    assert harness.fake.calls(touser="oPoison1") == []


@pytest.mark.parametrize("msg_id", ["1" * 26, "12abc", "-5", str(2**63)])
def test_a_message_with_an_unreadable_msgid_is_recorded_as_bad(harness, msg_id):
    xml = text_xml("gh", "oPoison2", "你好", 1, int(time.time()))
    xml = xml.replace("<MsgId>1</MsgId>", f"<MsgId>{msg_id}</MsgId>")
    query, body = sign_request(harness.credentials, xml, "plain", int(time.time()), f"p-{msg_id}")
    assert harness.client.post("/wechat", params=query, content=body).text == "success"
    assert [r.state for r in _inbox(harness)] == [InboxState.INVALID] and harness.rasa.received == []


def test_a_message_that_always_fails_is_retried_a_bounded_number_of_times_then_failed(harness, caplog):
    harness.rasa.broken = True  # every answer is garbage: an unexpected error, not "Rasa is down"
    response, simulated = harness.send(openid="oPoison3", text="一直出错")
    assert harness.passive(response, simulated) == texts.HOLDING  # the owner is told once
    gateway = harness.client.app.state.gateway
    moment, tries = datetime.now(UTC), 0
    for _ in range(20):  # far more passes than tries allowed
        moment += timedelta(hours=1)
        tries += harness.client.portal.call(retry_due, gateway, gateway._log, STALE, moment)
    (row,) = _inbox(harness)
    assert row.state == InboxState.FAILED and row.attempts == MAX_TRIES and tries == MAX_TRIES - 1
    assert "JSONDecodeError" in row.last_error and "failed after 5 tries" in caplog.text
    with harness.sessions() as session:  # exactly one holding reply, nothing more pushed
        sends = session.execute(select(SendLog.purpose).where(SendLog.openid == "oPoison3")).scalars().all()
    assert sends == ["holding"]


def test_a_platform_event_that_fails_gets_no_holding_reply(harness, monkeypatch):
    log = harness.client.app.state.gateway._log

    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(log, "set_subscribed", broken)
    response, _ = harness.send(openid="oPoison4", kind="unsubscribe")
    assert response.status_code == 200 and response.text == "success"


# ======================================================================================= forwarded headers


def _serve(port: int, host: str, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", host, "--port", str(port), "--log-level", "warning"],
        cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://{host}:{port}/healthz", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"the app did not start: {process.stderr.read().decode()[-2000:]}")


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))  # no packet is sent: this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.fixture
def app_env(tmp_path):
    return {"WUYEBOT_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "RASA_URL": "http://127.0.0.1:9", "FORWARDED_ALLOW_IPS": "", "WECHAT_APP_SECRET": ""}


def test_forwarded_headers_are_ignored_unless_a_proxy_is_configured(app_env):
    port = free_port()
    calls = f"http://127.0.0.1:{port}/_fakewechat/_fake/calls"
    process = _serve(port, "127.0.0.1", app_env)
    try:
        # Nobody's X-Forwarded-For is believed: the guard sees the socket's peer (here loopback, so allowed).
        assert httpx.get(calls, headers={"X-Forwarded-For": "203.0.113.7"}, timeout=5).status_code == 200
    finally:
        process.terminate()
        process.wait(10)
    process = _serve(port, "127.0.0.1", app_env | {"FORWARDED_ALLOW_IPS": "127.0.0.1"})
    try:
        # Behind a configured proxy, its X-Forwarded-For names the real (remote) client: refused.
        assert httpx.get(calls, headers={"X-Forwarded-For": "203.0.113.7"}, timeout=5).status_code == 403
    finally:
        process.terminate()
        process.wait(10)


def test_a_remote_client_forging_x_forwarded_for_is_refused(app_env):
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to connect from")
    port = free_port()
    # A configured token: serving off loopback with the public development token is refused (tested below).
    process = _serve(port, address, app_env | {"WECHAT_TOKEN": "sec-forwarded-test"})
    try:
        for path in ("/_fakewechat/_fake/calls", "/_fakewechat/cgi-bin/token"):
            response = httpx.get(f"http://{address}:{port}{path}", timeout=5,
                                 headers={"X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1",
                                          "Forwarded": "for=127.0.0.1"})
            assert response.status_code == 403, path
    finally:
        process.terminate()
        process.wait(10)


def test_the_simulator_answers_loopback_visitors_only(harness):
    client = TestClient(harness.client.app, client=("203.0.113.7", 50000))
    assert client.get("/simulator").status_code == 404
    assert client.post("/simulator/api/send", json={"openid": "oSim", "text": "你好"}).status_code == 404
    assert harness.client.get("/simulator").status_code == 200  # from this machine it is there


# ========================================================================== internal services stay closed


def test_the_app_refuses_a_public_interface_with_the_development_token(app_env):
    env = {**os.environ, **app_env, "WECHAT_TOKEN": "", "WECHAT_APP_SECRET": ""}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "serve", "--host", "0.0.0.0", "--port", "9"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "development WeChat token" in result.stderr


def test_the_action_server_refuses_a_public_interface_without_a_token():
    env = {**os.environ, "ACTION_SERVER_TOKEN": ""}
    result = subprocess.run([sys.executable, "-m", "bot.action_server", "--host", "0.0.0.0", "--port", "9"],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "ACTION_SERVER_TOKEN" in result.stderr


@pytest.mark.integration
@pytest.mark.parametrize(("token", "extra", "needs"), [
    ("", ["--auth-token", "api-token"], "RASA_TOKEN"),  # the REST channel would be open
    ("channel-token", [], "--auth-token"),  # the HTTP API would be open
])
def test_rasa_refuses_a_public_interface_without_tokens(token, extra, needs):
    if not RASA_BIN.exists() or not model_path().exists():
        missing_service("the Rasa environment and a trained model (make train)")
    command = [str(RASA_BIN), "run", "--model", str(model_path()), "--credentials", "credentials.yml",
               "--interface", "0.0.0.0", "--port", str(free_port()), "--enable-api", *extra]
    result = subprocess.run(command, cwd=PROJECT_ROOT, env={**os.environ, "RASA_TOKEN": token},
                            capture_output=True, text=True, timeout=180)
    assert result.returncode != 0 and "refusing to start" in result.stdout + result.stderr
    assert needs in result.stdout + result.stderr
