"""rasa-sdk 3.21 (Python 3.11+) serving a Rasa 3.6.21 server (Python 3.10): the pairing works end to end.

rasa-sdk logs a version-mismatch warning when Rasa calls it; that is expected and harmless for the webhook
protocol we use (custom actions, form validation, events).
"""

import importlib.metadata
from datetime import datetime

import httpx
import pytest

from bot.clock import SHANGHAI
from bot.domain.dates import describe_date, parse_promise_date
from bot.infra.internal_auth import bearer_header

pytestmark = pytest.mark.integration


def test_versions_are_the_ones_we_pair(rasa_stack):
    version = httpx.get(f"{rasa_stack.rasa_url}/version", timeout=10).json()
    assert version["version"] == "3.6.21"
    assert importlib.metadata.version("rasa-sdk").startswith("3.21.")


def test_the_action_server_serves_every_custom_action(rasa_stack):
    from bot.names import CUSTOM_ACTIONS

    served = {item["name"] for item in httpx.get(f"{rasa_stack.actions_url}/actions", timeout=10,
                                                 headers=bearer_header(rasa_stack.action_token)).json()}
    assert {str(a) for a in CUSTOM_ACTIONS} <= served


def test_a_custom_action_runs_and_its_reply_comes_back(rasa_stack, say):
    replies = say("wx:it-balance", "我欠多少物业费")
    # action_session_start (custom) greets, then action_check_balance (custom) answers honestly.
    assert any("物业费小管家" in text for text in replies)
    assert any("只对核对过身份的业主本人显示" in text for text in replies)
    tracker = httpx.get(f"{rasa_stack.rasa_url}/conversations/wx:it-balance/tracker",
                        params={"token": rasa_stack.rasa_token}, timeout=10).json()
    ran = [e["name"] for e in tracker["events"] if e["event"] == "action"]
    assert "action_session_start" in ran and "validate_bind_unit_form" not in ran
    assert tracker["active_loop"]["name"] == "bind_unit_form"  # not bound yet: binding comes first


def test_a_form_validated_by_the_action_server(say):
    today = datetime.now(SHANGHAI).date()
    expected = describe_date(parse_promise_date("月底", today), today)
    replies = say("wx:it-promise", "月底交物业费")
    assert any(expected in text for text in replies), replies


def test_a_form_that_asks_then_validates_the_answer(say):
    replies = say("wx:it-grievance", "楼道的灯坏了好几天了")
    assert any("具体在什么位置" in text for text in replies), replies
    replies = say("wx:it-grievance", "5号楼3单元502室门口")
    # The place is kept in the owner's words (it says more than the unit: 门口).
    assert any("5号楼3单元502室门口" in text and "楼道的灯坏了好几天了" in text for text in replies), replies
