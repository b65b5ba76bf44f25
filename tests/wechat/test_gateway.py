"""POST /wechat: modes, bad input, de-duplication, the reply budget, message types, human mode."""

import concurrent.futures
import time

import pytest
from sqlalchemy import select

from bot.db.models import Handoff, HandoffReason, HandoffState, InboxMessage, InboxState, SendLog
from bot.wechat import texts
from bot.wechat.envelope import signature_for
from bot.wechat.simulate import redelivery


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
def test_a_text_is_answered_passively_in_every_mode(harness, mode):
    response, simulated = harness.send(text="物业费怎么交", mode=mode)
    assert response.status_code == 200
    assert harness.passive(response, simulated) == "echo: 物业费怎么交"
    assert harness.rasa.received == [("wx:oOwner1", "物业费怎么交")]


def test_url_verification_echoes_only_with_the_right_signature(harness):
    ts, nonce = str(int(time.time())), "123"
    good = {"signature": signature_for(harness.credentials.token, ts, nonce), "timestamp": ts, "nonce": nonce,
            "echostr": "hello"}
    assert harness.client.get("/wechat", params=good).text == "hello"
    assert harness.client.get("/wechat", params=good | {"signature": "0" * 40}).status_code == 403


def test_bad_signature_stale_timestamp_and_bad_xml_are_refused_and_nothing_is_stored(harness):
    _, simulated = harness.send(text="first")
    query = dict(simulated.query)
    assert harness.client.post("/wechat", params=query | {"signature": "0" * 40}, content=simulated.body
                               ).status_code == 403
    old = str(int(time.time()) - 3600)
    stale = query | {"timestamp": old, "signature": signature_for(harness.credentials.token, old, query["nonce"])}
    assert harness.client.post("/wechat", params=stale, content=simulated.body).status_code == 403
    assert harness.client.post("/wechat", params=query, content=b"<xml><oops></xml>").status_code == 400
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Content>&a;</Content></xml>'
    assert harness.client.post("/wechat", params=query, content=bomb).status_code == 400
    assert harness.client.post("/wechat", params=query, content=b"x" * (70 * 1024)).status_code == 413
    with harness.sessions() as session:
        assert session.execute(select(InboxMessage)).scalars().all().__len__() == 1  # only the first, good one


def test_a_retried_delivery_is_handled_once(harness):
    response, simulated = harness.send(text="重复的消息", msg_id=424242)
    retry = redelivery(harness.credentials, simulated)  # WeChat's retry: same MsgId, signed anew
    again = harness.client.post("/wechat", params=retry.query, content=retry.body)
    assert response.status_code == again.status_code == 200
    assert again.text == "success"
    assert harness.rasa.received == [("wx:oOwner1", "重复的消息")]


def test_concurrent_duplicates_are_handled_once(harness):
    _, simulated = harness.send(text="先来一条")  # warm up
    from bot.wechat.simulate import owner_message

    dup = owner_message(harness.credentials, "oOwner2", "text", "同时到的重试", msg_id=777001)
    deliveries = [dup] + [redelivery(harness.credentials, dup) for _ in range(3)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda d: harness.client.post("/wechat", params=d.query, content=d.body),
                                deliveries))
    assert all(r.status_code == 200 for r in results)
    assert [m for s, m in harness.rasa.received if s == "wx:oOwner2"] == ["同时到的重试"]


def test_a_slow_bot_gets_success_at_once_and_the_answer_through_the_api(harness):
    harness.rasa.delay_seconds = 1.5
    started = time.monotonic()
    response, simulated = harness.send(openid="oSlow", text="慢慢回答")
    assert response.text == "success" and time.monotonic() - started < 1.4
    assert harness.pushed("oSlow") == ["echo: 慢慢回答"]


def test_first_text_passive_the_rest_through_the_api(harness):
    response, simulated = harness.send(openid="oTwo", text="回我两条")
    assert harness.passive(response, simulated) == "echo: 回我两条"
    assert harness.pushed("oTwo") == ["第二条"]


def test_rasa_down_gets_a_holding_reply_and_the_message_waits_in_the_inbox(harness):
    harness.rasa.down = True
    response, simulated = harness.send(openid="oDown", text="在吗")
    assert harness.passive(response, simulated) == texts.HOLDING
    with harness.sessions() as session:
        row = session.execute(select(InboxMessage).where(InboxMessage.openid == "oDown")).scalar_one()
        assert row.state == InboxState.RETRYING and row.attempts == 1


def test_message_types(harness):
    r, s = harness.send(openid="oTypes", kind="voice", text="物业费多少钱")
    assert harness.passive(r, s) == "echo: 物业费多少钱"
    r, s = harness.send(openid="oTypes", kind="voice", text="")
    assert harness.passive(r, s) == texts.VOICE_NOT_RECOGNISED
    r, s = harness.send(openid="oTypes", kind="image")
    assert harness.passive(r, s) == texts.PHOTO_RECEIVED
    r, s = harness.send(openid="oTypes", kind="location")
    assert harness.passive(r, s) == texts.ACKNOWLEDGE["location"]
    r, s = harness.send(openid="oTypes", kind="subscribe")
    assert harness.passive(r, s) == texts.WELCOME
    r, s = harness.send(openid="oTypes", kind="click", event_key="BALANCE")
    assert harness.passive(r, s) == "echo: /ask_balance"


def test_unknown_message_types_get_a_polite_reply(harness):
    from bot.wechat.envelope import sign_request

    xml = ("<xml><ToUserName>gh</ToUserName><FromUserName>oNew</FromUserName><CreateTime>1</CreateTime>"
           "<MsgType>hologram</MsgType><MsgId>9</MsgId></xml>")
    query, body = sign_request(harness.credentials, xml, "plain", int(time.time()), "5")
    response = harness.client.post("/wechat", params=query, content=body)
    assert texts.UNSUPPORTED in response.text


def test_unsubscribe_stops_all_outbound_messages(harness):
    harness.send(openid="oGone", text="你好")
    harness.send(openid="oGone", kind="unsubscribe")
    delivery = harness.client.app.state.gateway._delivery
    import anyio

    result = anyio.run(delivery.send_text, "oGone", "提醒", "reminder")
    assert result == "skipped"
    assert harness.fake.calls(touser="oGone", path="message/custom/send") == []


def test_human_mode_goes_to_the_staff_queue_instead_of_the_bot(harness):
    from datetime import UTC, datetime

    with harness.sessions.begin() as session:
        session.add(Handoff(conversation_id="wx:oHuman", reason=HandoffReason.OWNER_REQUEST, state=HandoffState.ACTIVE,
                            requested_at=datetime.now(UTC)))
    response, simulated = harness.send(openid="oHuman", text="我的问题解决了吗")
    assert harness.passive(response, simulated) == texts.TO_STAFF_ACK
    assert harness.rasa.received == []
    with harness.sessions() as session:
        row = session.execute(select(InboxMessage).where(InboxMessage.openid == "oHuman")).scalar_one()
        assert row.state == InboxState.TO_STAFF


def test_window_and_quota_fall_back_to_the_staff_queue(harness):
    harness.fake.fail_next("message/custom/send", errcode=45015, times=1)
    harness.rasa.delay_seconds = 1.5
    response, _ = harness.send(openid="oLate", text="回复会迟到")
    assert response.text == "success"
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline:
        with harness.sessions() as session:
            sends = session.execute(select(SendLog).where(SendLog.openid == "oLate")).scalars().all()
        if any(s.channel == "staff_queue" for s in sends):
            break
        time.sleep(0.05)
    assert [(s.channel, s.result, s.category) for s in sends] == [
        ("customer_service", "failed", "window_closed"), ("staff_queue", "fallback", "window_closed")]


def test_the_official_safe_mode_vector_through_the_gateway(official_harness):
    harness, vector = official_harness
    query = {k: vector[k] for k in ("signature", "timestamp", "nonce", "msg_signature")} | {"encrypt_type": "aes"}
    response = harness.client.post("/wechat", params=query, content=vector["body"].encode())
    assert response.status_code == 200
    assert harness.rasa.received == [("wx:" + vector["expect"]["FromUserName"], vector["expect"]["Content"])]
    wrong = query | {"msg_signature": "0" * 40}
    assert harness.client.post("/wechat", params=wrong, content=vector["body"].encode()).status_code == 403



def test_quota_exceeded_falls_back_to_a_template_notice_when_one_is_configured(harness):
    import anyio

    gateway = harness.client.app.state.gateway
    delivery = gateway._delivery
    delivery._template = "TPL-NOTICE"
    harness.send(openid="oQuota", text="你好")  # opens the 48-hour window
    harness.fake.fail_next("message/custom/send", errcode=45047, times=1)
    assert anyio.run(delivery.send_text, "oQuota", "第六条回复", "reply") == "fallback"
    with harness.sessions() as session:
        sends = session.execute(select(SendLog).where(SendLog.openid == "oQuota", SendLog.channel != "passive")
                                ).scalars().all()
    assert [(s.channel, s.result, s.category) for s in sends] == [
        ("customer_service", "failed", "quota_exceeded"), ("template", "fallback", "quota_exceeded")]
    assert sends[1].wechat_msgid is not None
    template_calls = harness.fake.calls(touser="oQuota", path="message/template/send")
    assert template_calls[0].body["template_id"] == "TPL-NOTICE"


def test_after_five_messages_in_the_window_the_sixth_is_not_even_tried(harness):
    import anyio

    delivery = harness.client.app.state.gateway._delivery
    harness.send(openid="oFive", text="你好")
    results = [anyio.run(delivery.send_text, "oFive", f"第{i}条", "reply") for i in range(6)]
    assert results == ["sent"] * 5 + ["fallback"]
    assert len(harness.fake.calls(touser="oFive", path="message/custom/send")) == 5


def test_reminder_templates_are_logged_with_their_msgid(harness):
    import anyio

    delivery = harness.client.app.state.gateway._delivery
    assert anyio.run(lambda: delivery.send_template("oRem", "TPL-REMIND", {"thing1": {"value": "物业费"}},
                                                    "reminder", reminder_ref="rem-1")) == "sent"
    with harness.sessions() as session:
        row = session.execute(select(SendLog).where(SendLog.openid == "oRem")).scalar_one()
    assert (row.channel, row.reminder_ref, row.result) == ("template", "rem-1", "sent") and row.wechat_msgid


def test_a_message_that_cannot_be_stored_is_refused_so_wechat_retries_it(harness, monkeypatch):
    from sqlalchemy.exc import OperationalError

    log = harness.client.app.state.gateway._log
    real_store = log.store

    def broken(*args, **kwargs):
        raise OperationalError("insert", {}, Exception("database is locked"))

    monkeypatch.setattr(log, "store", broken)
    response, simulated = harness.send(openid="oDb", text="数据库坏了", msg_id=515151)
    assert response.status_code == 503
    monkeypatch.setattr(log, "store", real_store)
    retry = redelivery(harness.credentials, simulated)  # WeChat's retry: same MsgId, new nonce
    again = harness.client.post("/wechat", params=retry.query, content=retry.body)
    assert harness.passive(again, simulated) == "echo: 数据库坏了"
    # and the owner's queue was not left blocked
    response, simulated = harness.send(openid="oDb", text="下一条")
    assert harness.passive(response, simulated) == "echo: 下一条"
