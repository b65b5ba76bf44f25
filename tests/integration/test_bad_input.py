"""Absurd messages through the real Rasa server get a polite, useful reply and never an error."""

import httpx
import pytest
from starlette.testclient import TestClient

from bot.app import create_app
from bot.rasa_client import RasaClient

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "message",
    ["😂😂😂", "🙏", "漏水" * 1500, "hello, can you speak English?", "1234567", "8", "@#$%^&*()", "？？？", "asdfgh"],
    ids=["emoji", "one-emoji", "3000-chars", "english", "digits", "one-digit", "symbols", "question-marks", "mash"],
)
def test_absurd_messages_get_a_polite_reply(say, message):
    replies = say(f"wx:it-bad-{abs(hash(message)) % 10_000}", message)
    assert replies, "no reply at all"
    assert all(text.strip() for text in replies)


def test_empty_message_through_the_app_gets_a_prompt(rasa_stack):
    client = RasaClient(rasa_stack.rasa_url, rasa_stack.rasa_token, timeout=30)
    with TestClient(create_app(rasa_client=client)) as app:
        reply = app.post("/api/chat", json={"message": "   "})
        assert reply.status_code == 200
        texts = [r["text"] for r in reply.json()["replies"]]
        assert any("空消息" in text for text in texts), texts


def test_rest_channel_survives_an_empty_message_too(rasa_stack):
    response = httpx.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook", headers=rasa_stack.rasa_headers,
                          json={"sender": "wx:it-empty-raw", "message": ""}, timeout=30)
    assert response.status_code == 200
