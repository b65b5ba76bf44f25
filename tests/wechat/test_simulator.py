"""The simulator page and its API, as the embedded default serves them."""

import time

import pytest


def test_the_page_shows_the_development_token(harness):
    page = harness.client.get("/simulator")
    assert page.status_code == 200 and "wuyebot-dev-token" in page.text and "微信模拟器" in page.text


@pytest.mark.parametrize("mode", ["plain", "compatible", "safe"])
def test_send_goes_through_the_real_gateway(harness, mode):
    response = harness.client.post("/simulator/api/send", json={"openid": "oSim", "kind": "text", "text": "你好",
                                                                "mode": mode})
    assert response.json()["status"] == 200 and response.json()["passive"] == "echo: 你好"


def test_later_replies_are_read_back_from_the_fake_api(harness):
    harness.rasa.delay_seconds = 1.5
    assert harness.client.post("/simulator/api/send", json={"openid": "oSim2", "text": "慢一点"}).json()["passive"] \
        is None
    deadline, found = time.monotonic() + 4, []
    while not found and time.monotonic() < deadline:
        found = harness.client.get("/simulator/api/messages", params={"openid": "oSim2"}).json()["messages"]
        time.sleep(0.1)
    assert [m["text"] for m in found] == ["echo: 慢一点"]


def test_bad_simulator_requests_get_clear_errors(harness):
    assert harness.client.post("/simulator/api/send", content=b"not json").status_code == 400
    assert harness.client.post("/simulator/api/send", json={"openid": "o", "kind": "hologram"}).status_code == 400


def test_the_simulator_names_the_seeded_demo_owner(harness):
    from bot.demo.seed import DEMO_OWNER

    page = harness.client.get("/simulator").text
    assert DEMO_OWNER.unit in page and DEMO_OWNER.name in page and DEMO_OWNER.phone[-4:] in page
