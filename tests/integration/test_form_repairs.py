"""Issue 14's four failures, reproduced through the real Rasa server and action server (they failed before the
forms read replies as the kind of answer asked), and what else an owner who does not answer as expected gets."""

import re

import httpx
import pytest
from sqlalchemy import func, select

from bot.clock import system_clock
from bot.db.models import BindingAttempt, Grievance, PromiseToPay, WeChatBinding
from bot.db.session import make_engine, make_session_factory
from bot.services.binding import BindingService
from bot.text_input import clean_owner_text

pytestmark = pytest.mark.integration


@pytest.fixture
def say(say):
    """Rasa's REST channel, with the owner's text cleaned as the app's channels clean it (bot/text_input.py)."""
    return lambda sender, text: say(sender, clean_owner_text(text).text)


@pytest.fixture(scope="module")
def records(rasa_stack):
    engine = make_engine(rasa_stack.database_url)
    yield make_session_factory(engine)
    engine.dispose()


def tickets(records, sender):
    with records() as session:
        return session.execute(select(Grievance).where(Grievance.conversation_id == sender)).scalars().all()


def test_a_report_whose_place_the_owner_does_not_know_is_still_a_ticket(say, records):
    owner = "wx:it-repair-dont-know"
    assert any("位置" in text for text in say(owner, "电梯坏了"))
    replies = "\n".join(say(owner, "不知道啊"))
    assert re.search(r"GR\d{8}-\d{4}", replies) and "还没确定" in replies
    [ticket] = tickets(records, owner)
    assert (ticket.location, ticket.incomplete_reason) == ("", "owner_did_not_know")
    # Remembering the place right after completes the same ticket.
    replies = "\n".join(say(owner, "就是3栋那个电梯"))
    assert ticket.ticket_no in replies and "3栋那个电梯" in replies
    [ticket] = tickets(records, owner)
    assert (ticket.location, ticket.incomplete_reason) == ("3栋那个电梯", None)


def test_not_remembering_the_name_is_no_failed_binding_attempt(say, records):
    owner = "wx:it-repair-no-name"
    say(owner, "我家欠多少钱")
    assert any("3栋2单元1502" in text and "姓名" in text for text in say(owner, "3栋2单元1502"))
    replies = "\n".join(say(owner, "我不记得登记的名字了"))
    assert "人工" in replies and "前台" in replies and "后四位" not in replies
    with records() as session:
        assert session.scalar(select(func.count()).select_from(BindingAttempt)
                              .where(BindingAttempt.conversation_id == owner)) == 0


def test_a_corrected_promise_date_changes_the_same_promise(say, records):
    owner = "wx:it-repair-promise"
    BindingService(records, system_clock).bind(owner, "3栋2单元1502", "张伟", "5678")
    first = "\n".join(say(owner, "我下周三交"))
    second = "\n".join(say(owner, "不是，是下周五"))
    day = re.search(r"(\d+)月(\d+)日（周三）", first)
    assert day, first
    assert re.search(r"\d+月\d+日（周五）", second) and "已改成" in second, second
    with records() as session:
        units = select(WeChatBinding.unit_id).where(WeChatBinding.conversation_id == owner)
        promises = session.execute(select(PromiseToPay).where(PromiseToPay.unit_id.in_(units))).scalars().all()
    assert len(promises) == 1 and promises[0].promised_date.isoweekday() == 5 and promises[0].state == "open"


def test_a_place_given_up_front_is_not_asked_again(say, records):
    owner = "wx:it-repair-up-front"
    replies = "\n".join(say(owner, "3栋2单元的电梯坏了好几天了"))
    assert "具体在什么位置" not in replies and "3栋2单元电梯" in replies
    assert [t.location for t in tickets(records, owner)] == ["3栋2单元电梯"]


def test_a_question_mid_form_is_answered_and_the_form_asks_again(say):
    owner = "wx:it-repair-aside"
    say(owner, "楼道灯坏了")
    replies = say(owner, "物业费怎么交")
    assert "缴物业费" in replies[0] and "位置" in replies[-1]


def test_a_new_topic_keeps_the_unfinished_report_and_handles_the_topic(say, records):
    owner = "wx:it-repair-switch"
    say(owner, "电梯坏了")
    replies = "\n".join(say(owner, "我月底交物业费"))
    assert "先登记成工单" in replies and "前缴费" in replies
    assert [(t.location, t.incomplete_reason) for t in tickets(records, owner)] == [("", "owner_stopped_answering")]


def test_only_an_explicit_cancellation_discards_a_report(say, records):
    owner = "wx:it-repair-cancel"
    say(owner, "楼上漏水")
    assert any("不登记" in text for text in say(owner, "算了不报了"))
    assert tickets(records, owner) == []


def test_a_report_left_half_way_is_kept_when_the_next_session_starts(say, records, rasa_stack):
    owner = "wx:it-repair-new-session"
    say(owner, "电梯坏了")  # and then says nothing more
    url = f"{rasa_stack.rasa_url}/conversations/{owner}/tracker"
    token = {"token": rasa_stack.rasa_token}  # Rasa's HTTP API wants the stack's token
    events = httpx.get(url, params=token, timeout=30).json()["events"]
    for event in events:
        event["timestamp"] -= 2 * 3600  # two hours of silence: longer than a session
    httpx.put(f"{url}/events", params=token, json=events, timeout=30).raise_for_status()
    replies = "\n".join(say(owner, "有人在楼道堆杂物"))
    assert "上次说的“电梯坏了”" in replies
    assert [(t.description, t.incomplete_reason) for t in tickets(records, owner)] == [
        ("电梯坏了", "owner_stopped_answering")]


def test_two_concerns_in_one_message_are_both_handled_in_order(say, records):
    owner = "wx:it-repair-two-concerns"
    replies = say(owner, "我下周交，但电梯的事你们得先修")
    assert "哪天" in "\n".join(replies)
    replies = "\n".join(say(owner, "周五"))
    assert replies.index("前缴费") < replies.index("位置"), replies
    say(owner, "3栋2单元")
    assert [t.location for t in tickets(records, owner)] == ["3栋2单元"]
