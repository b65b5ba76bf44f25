"""The web chat endpoint: bad input gets a clear error, the visitor never gets silence, and who is chatting
comes from the signed cookie only (a ``web:`` conversation, never anyone's WeChat one)."""

import json

import httpx
import pytest
from starlette.testclient import TestClient

from bot.app import create_app
from bot.rasa_client import RasaClient
from bot.webchat.routes import HOLDING_REPLY, MAX_BODY_BYTES


class FakeRasa:
    """Records what reaches Rasa's REST channel and answers like it."""

    def __init__(self, fail: bool = False):
        self.received: list[dict] = []
        self.fail = fail

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self.fail:
            raise httpx.ConnectError("connection refused")
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "models/x.tar.gz"})
        body = json.loads(request.content)
        self.received.append(body)
        return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": f"收到：{body['message']}"}])


@pytest.fixture
def rasa():
    return FakeRasa()


@pytest.fixture
def client(rasa):
    fake = RasaClient("http://rasa.test", transport=httpx.MockTransport(rasa.handler))
    with TestClient(create_app(rasa_client=fake)) as test_client:
        yield test_client


def test_the_chat_page_is_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "物业费小管家" in page.text


def test_a_message_goes_through_rasa_as_a_web_conversation_kept_by_the_cookie(client, rasa):
    reply = client.post("/api/chat", json={"message": "物业费怎么交"})
    assert reply.status_code == 200
    assert reply.json()["replies"] == [{"text": "收到：物业费怎么交"}]
    sender = rasa.received[0]["sender"]
    assert sender.startswith("web:") and len(sender) > 20
    cookie = reply.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "wuyebot_chat=" in cookie
    client.post("/api/chat", json={"message": "谢谢"})
    assert rasa.received[1]["sender"] == sender  # the same visitor, the same conversation


def test_a_forged_or_missing_cookie_is_a_new_visitor(client, rasa):
    client.post("/api/chat", json={"message": "一"})
    client.cookies.set("wuyebot_chat", "wx:oZhang")
    client.post("/api/chat", json={"message": "二"})
    first, second = (item["sender"] for item in rasa.received)
    assert second.startswith("web:") and second != first


@pytest.mark.parametrize("message", ["", "   ", None, "\u200b"])
def test_an_empty_message_becomes_the_empty_message_intent(client, rasa, message):
    assert client.post("/api/chat", json={"message": message}).status_code == 200
    assert rasa.received[-1]["message"] == "/empty_message"


def test_owners_cannot_inject_intents(client, rasa):
    client.post("/api/chat", json={"message": '/ask_balance{"unit":"1栋101"}'})
    assert not rasa.received[-1]["message"].startswith("/")


def test_a_3000_character_message_is_cut_not_refused(client, rasa):
    reply = client.post("/api/chat", json={"message": "漏" * 3000})
    assert reply.status_code == 200 and reply.json()["truncated"] is True
    assert len(rasa.received[-1]["message"]) == 1000


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (json.dumps({"sender": "oZhang", "message": "hi"}).encode(), 400),
        (json.dumps({"message": 42}).encode(), 400),
        (b"\xff\xfe", 400),
        (json.dumps({"message": "x" * (MAX_BODY_BYTES + 1)}).encode(), 413),
    ],
)
def test_bad_requests_get_a_clear_error_and_nothing_reaches_rasa(client, rasa, body, status):
    reply = client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert reply.status_code == status
    assert reply.json()["error"]
    assert rasa.received == []


def test_rasa_down_gives_a_holding_reply_not_silence():
    down = RasaClient("http://rasa.test", transport=httpx.MockTransport(FakeRasa(fail=True).handler))
    with TestClient(create_app(rasa_client=down)) as client:
        reply = client.post("/api/chat", json={"message": "你好"})
        assert reply.status_code == 503
        assert reply.json() == {"replies": [{"text": HOLDING_REPLY}], "delivered": False}
        assert client.get("/healthz").json() == {"app": "ok", "rasa": "down"}


def test_the_demo_hint_matches_the_seeded_demo_owner():
    from importlib import resources

    from bot.demo.seed import DEMO_OWNER

    for package, page in (("bot.webchat", "static/index.html"), ("bot.wechat", "static/simulator.html")):
        html = resources.files(package).joinpath(page).read_text(encoding="utf-8")
        assert DEMO_OWNER.unit in html and DEMO_OWNER.name in html and DEMO_OWNER.phone[-4:] in html, page
