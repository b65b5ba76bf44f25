"""action_note_concerns reads the clauses of a message through Rasa's /model/parse, with Rasa's token; without
the token (or without Rasa) the message is handled whole, and a refused token is logged as the configuration error
it is (docs/security.md, "Tokens between our processes")."""

import asyncio
import json
import logging

import httpx
import pytest
from rasa_sdk.events import SlotSet

from bot import container
from bot.actions.concerns import ActionNoteConcerns
from bot.rasa_client import RasaClient, RasaRefused, RasaUnavailable
from tests.support import make_tracker, user_event
from tests.unit.actions.run import run_action

TOKEN = "rasa-secret"
READINGS = {"我下周交": ("promise_to_pay", 0.95), "电梯的事你们得先修": ("report_issue", 0.9)}


def fake_rasa(seen: list[httpx.Request], status: int = 200) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if status != 200:
            return httpx.Response(status, json={"message": "no"})
        text = json.loads(request.content)["text"]
        intent, confidence = READINGS.get(text, ("nlu_fallback", 0.3))
        return httpx.Response(200, json={"text": text, "intent": {"name": intent, "confidence": confidence},
                                         "entities": [], "intent_ranking": []})

    return httpx.MockTransport(answer)


def with_nlu(transport: httpx.MockTransport) -> None:
    current = container.get()
    current.nlu_client = RasaClient("http://rasa.test", TOKEN, transport=transport)


def two_concerns():
    message = user_event("我下周交，但电梯的事你们得先修", "promise_to_pay")
    message["message_id"] = "m1"
    return make_tracker(events=[message])


def test_each_clause_is_parsed_with_rasas_token_and_the_concerns_are_queued():
    seen: list[httpx.Request] = []
    with_nlu(fake_rasa(seen))
    events, _ = run_action(ActionNoteConcerns(), two_concerns())
    assert {r.url.path for r in seen} == {"/model/parse"}
    assert all(r.url.params.get("token") == TOKEN for r in seen)
    queued = next(e["value"] for e in events if e["name"] == "pending_concerns")
    assert [(c["text"], c["parse_data"]["intent"]["name"]) for c in queued] == [
        ("我下周交", "promise_to_pay"), ("电梯的事你们得先修", "report_issue")]
    assert SlotSet("several_concerns", True) in events


@pytest.mark.parametrize(("status", "level"), [(401, logging.ERROR), (503, logging.WARNING)])
def test_without_the_clauses_the_message_is_handled_whole(status, level, caplog):
    with_nlu(fake_rasa([], status))
    with caplog.at_level(logging.WARNING, logger="bot.actions.concerns"):
        events, messages = run_action(ActionNoteConcerns(), two_concerns())
    assert events == [] and messages == []
    assert [r.levelno for r in caplog.records] == [level]


def test_a_refused_token_is_told_apart_from_rasa_being_away():
    refusing = RasaClient("http://rasa.test", "wrong", transport=fake_rasa([], 401))
    with pytest.raises(RasaRefused, match="RASA_TOKEN"):
        asyncio.run(refusing.parse("你好"))
    failing = RasaClient("http://rasa.test", TOKEN, transport=fake_rasa([], 500))
    with pytest.raises(RasaUnavailable) as raised:
        asyncio.run(failing.parse("你好"))
    assert not isinstance(raised.value, RasaRefused)
