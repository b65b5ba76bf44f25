"""WeChat → gateway → Rasa → action server → reply, with everything real except WeChat itself (the app's fake
WeChat API and the simulator's message builder stand in for it)."""

import io
import time

import httpx
import pytest

from bot.config import DEV_WECHAT_AES_KEY, DEV_WECHAT_APP_ID, DEV_WECHAT_TOKEN, load_settings
from bot.wechat.chat_cli import run as chat
from bot.wechat.envelope import read_reply
from bot.wechat.security import Credentials
from bot.wechat.simulate import owner_message

pytestmark = pytest.mark.integration

CREDENTIALS = Credentials(DEV_WECHAT_TOKEN, DEV_WECHAT_APP_ID, DEV_WECHAT_AES_KEY)


@pytest.mark.parametrize("mode", ["plain", "safe"])
def test_a_signed_message_is_answered_by_the_real_bot(rasa_stack, mode):
    simulated = owner_message(CREDENTIALS, f"oIT-{mode}", "text", "物业费怎么交", mode)
    response = httpx.post(f"{rasa_stack.app_url}/wechat", params=simulated.query, content=simulated.body, timeout=30)
    assert response.status_code == 200
    reply = read_reply(CREDENTIALS, response.text, simulated.encrypted)
    # The first text of a new session is the welcome; the answer follows through the customer-service API.
    assert reply and "物业费小管家" in reply["Content"]
    pushed = []
    deadline = time.monotonic() + 10
    while not pushed and time.monotonic() < deadline:
        calls = httpx.get(f"{rasa_stack.app_url}/_fakewechat/_fake/calls", params={"touser": f"oIT-{mode}"}).json()
        pushed = [c["body"]["text"]["content"] for c in calls if c["path"].endswith("message/custom/send")]
        time.sleep(0.2)
    assert any("缴物业费" in text for text in pushed), pushed


def test_wuyebot_chat_plays_wechat_in_the_terminal(rasa_stack, monkeypatch):
    monkeypatch.setenv("APP_PORT", str(rasa_stack.app_port))
    out = io.StringIO()
    assert chat(load_settings(), "oIT-cli", "compatible", lines=["你好", "我要报修", ":quit"], out=out) == 0
    text = out.getvalue()
    assert "小管家: " in text and "遇到了什么问题" in text, text
