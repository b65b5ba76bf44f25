"""The gateway end to end in process: the real app (TestClient), a scripted Rasa (httpx MockTransport), the
loopback fake WeChat API in a thread, and a migrated SQLite company database. Used by tests/wechat and
tests/security (their conftest modules turn it into fixtures)."""

import asyncio
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from starlette.testclient import TestClient

from bot import container
from bot.app import create_app
from bot.clock import system_clock
from bot.config import load_settings
from bot.db.migrate import upgrade
from bot.db.session import make_engine, make_session_factory
from bot.rasa_client import RasaClient
from bot.wechat.client import WeChatApi, make_client, make_token_storage
from bot.wechat.envelope import read_reply
from bot.wechat.fake_api import FakeWeChatServer
from bot.wechat.simulate import owner_message


@dataclass
class ScriptedRasa:
    """Answers "echo: <text>" (twice for texts containing "两条"), slowly when told, fails when down (503), or
    answers garbage when broken (an unexpected error on our side, not "Rasa is away")."""

    delay_seconds: float = 0.0
    down: bool = False
    broken: bool = False
    received: list[tuple[str, str]] = field(default_factory=list)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "m.tar.gz"})
        if self.down:
            return httpx.Response(503)
        if self.broken:
            return httpx.Response(200, content=b"<html>not json</html>")
        payload = json.loads(request.content)
        self.received.append((payload["sender"], payload["message"]))
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        replies = [{"recipient_id": payload["sender"], "text": f"echo: {payload['message']}"}]
        if "两条" in payload["message"]:
            replies.append({"recipient_id": payload["sender"], "text": "第二条"})
        return httpx.Response(200, json=replies)


@dataclass
class Harness:
    client: TestClient
    rasa: ScriptedRasa
    fake: object
    credentials: object
    sessions: object

    def send(self, openid="oOwner1", kind="text", text="你好", mode="plain", **kw):
        simulated = owner_message(self.credentials, openid, kind, text, mode, **kw)
        response = self.client.post("/wechat", params=simulated.query, content=simulated.body)
        return response, simulated

    def passive(self, response, simulated):
        parsed = read_reply(self.credentials, response.text, simulated.encrypted)
        return parsed.get("Content") if parsed else None

    def pushed(self, openid, wait_seconds=3.0, count=1):
        """Texts the owner received through the customer-service API (waits for background delivery)."""
        deadline = time.monotonic() + wait_seconds
        while True:
            texts = [c.body["text"]["content"] for c in self.fake.calls(touser=openid, path="message/custom/send")
                     if isinstance(c.result, dict) and c.result.get("errcode") == 0]
            if len(texts) >= count or time.monotonic() > deadline:
                return texts
            time.sleep(0.05)


# WeChat's legacy official WXBizMsgCrypt sample (public), copied from the team's shared fixtures.
VECTOR = Path(__file__).resolve().parent / "wechat" / "fixtures" / "wechat_official_vector.json"


def official_vector() -> tuple[dict, dict[str, str], object]:
    """The official sample: (vector, the env that configures its account, a clock at its time)."""
    vector = json.loads(VECTOR.read_text())
    env = {"WECHAT_TOKEN": vector["token"], "WECHAT_APP_ID": vector["app_id"],
           "WECHAT_ENCODING_AES_KEY": vector["encoding_aes_key"]}
    moment = datetime.fromtimestamp(int(vector["timestamp"]), UTC)
    return vector, env, lambda: moment


def make_harness(tmp_path, monkeypatch, env=None, clock=system_clock):
    """A generator for a fixture: the app configured by ``env`` (on top of the embedded default)."""
    env = env or {}
    database_url = f"sqlite:///{tmp_path / 'company.db'}"
    upgrade(database_url)
    engine = make_engine(database_url)
    monkeypatch.setenv("WECHAT_REPLY_BUDGET_SECONDS", "1")
    monkeypatch.setenv("WUYEBOT_VAR_DIR", str(tmp_path))  # the cookie key file, not the project's var/
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with FakeWeChatServer() as server:
        settings = load_settings()
        container.use(container.Container(settings=settings, clock=clock,
                                          session_factory=make_session_factory(engine)))
        rasa = ScriptedRasa()
        api = WeChatApi(make_client(settings.wechat.app_id, "fake-secret", make_token_storage(None), server.base_url),
                        backoff_seconds=0.01)
        app = create_app(rasa_client=RasaClient("http://rasa.test", transport=httpx.MockTransport(rasa.handle)),
                         wechat_api=api, fake_wechat=server.fake, run_retrier=False)
        with TestClient(app) as client:
            yield Harness(client, rasa, server.fake, app.state.gateway.credentials, make_session_factory(engine))
    container.use(None)
    engine.dispose()
