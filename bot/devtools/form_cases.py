"""``python -m bot.devtools.form_cases``: how the forms behave when owners answer as they really do.

Runs every form through each way owners answer (details up front, a vague answer, "不知道", a question in
passing, a correction, "算了", a new topic, silence until a new session), plus messages with two concerns, through
the real Rasa server and action server over the demo records, and writes the bot's actual replies and what it
recorded to docs/form-cases.md, so a reader sees how the bot behaves. Dates are the machine's (Asia/Shanghai).

Silence is played by moving the conversation's events two hours into the past through Rasa's HTTP API
(``PUT /conversations/<id>/tracker/events``): the next message then starts a new session, as after a real pause.
Owners chat as WeChat conversations (``wx:…``), one case as a web-chat visitor (``web:…``), with the stack's tokens,
and their text reaches Rasa cleaned as the app's channels clean it.
"""

import argparse
import hashlib
import sys
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

from bot.clock import system_clock, today_in_shanghai
from bot.config import PROJECT_ROOT
from bot.db.migrate import upgrade
from bot.db.models import (
    BindingAttempt,
    Community,
    Grievance,
    Handoff,
    Occupancy,
    PaymentPlan,
    Person,
    PromiseToPay,
    Role,
    Unit,
    WeChatBinding,
)
from bot.db.prepare import seed_demo
from bot.db.session import make_engine, make_session_factory
from bot.demo.seed import DEMO_OWNER
from bot.devtools.model import model_hash, model_path
from bot.devtools.stack import Stack, free_port
from bot.domain.conversation import Channel, Conversation
from bot.services.binding import BindingService
from bot.text_input import clean_owner_text

OUTPUT = PROJECT_ROOT / "docs" / "form-cases.md"
SILENCE = timedelta(hours=2)  # longer than session_expiration_time (bot/intents/core.yml)


@dataclass(frozen=True)
class Case:
    form: str
    kind: str
    says: tuple[str, ...]
    bound: bool = False  # an owner on the demo records (a different one per case) bound this account before
    quiet_before_last: bool = False  # the owner goes quiet (a new session) before the last message
    channel: Channel = Channel.WECHAT

    @property
    def sender(self) -> str:
        """A conversation id of the case's channel (bot.domain.conversation), the same on every run."""
        local = "formcase-" + hashlib.sha1("|".join((self.form, self.kind, *self.says)).encode()).hexdigest()[:10]
        return str(Conversation(self.channel, local))


UP_FRONT, VAGUE, DONT_KNOW, ASIDE = "details up front", "a vague answer", "\"don't know\"", "a question in passing"
CORRECTION, CANCEL, NEW_TOPIC, NEW_SESSION = ("a correction", "explicit cancel", "silence, then a new topic",
                                              "silence, then a new session")
NOT_A_DAY = "a day gone by, or too far off"
LOCKED, WEB_CHAT = "three wrong tries", "the web chat"
CASES = (
    Case("grievance_form", UP_FRONT, ("3栋2单元的电梯坏了好几天了",)),
    Case("grievance_form", VAGUE, ("电梯坏了", "这边", "就在楼下")),
    Case("grievance_form", DONT_KNOW, ("电梯坏了", "不知道啊", "就是3栋那个电梯")),
    Case("grievance_form", ASIDE, ("楼道灯坏了", "物业费怎么交", "5栋2单元楼道")),
    Case("grievance_form", CORRECTION, ("楼上漏水到我家", "12号楼801卫生间", "不对，是12号楼802")),
    Case("grievance_form", CANCEL, ("楼上漏水", "算了不报了")),
    Case("grievance_form", NEW_TOPIC, ("电梯坏了", "我月底交物业费")),
    Case("grievance_form", NEW_SESSION, ("电梯坏了", "有人在楼道堆杂物"), quiet_before_last=True),
    Case("promise_form", UP_FRONT, ("我下周三交",), bound=True),
    Case("promise_form", VAGUE, ("物业费我晚点交", "等发了工资", "15号"), bound=True),
    Case("promise_form", DONT_KNOW, ("物业费我过几天交", "还不确定哪天"), bound=True),
    Case("promise_form", ASIDE, ("我一定会交的", "不交会停水吗", "月底")),
    Case("promise_form", CORRECTION, ("我下周三交", "不是，是下周五"), bound=True),
    Case("promise_form", NOT_A_DAY, ("物业费我晚点交", "昨天", "500天后", "月底"), bound=True),
    Case("promise_form", CANCEL, ("物业费我晚点交", "算了不交了")),
    Case("promise_form", NEW_TOPIC, ("物业费我晚点交", "电梯坏了")),
    Case("payment_plan_form", UP_FRONT, ("失业了，能不能分3个月交",), bound=True),
    Case("payment_plan_form", VAGUE, ("最近手头紧能分期吗", "几个月都行", "4个月"), bound=True),
    Case("payment_plan_form", DONT_KNOW, ("最近手头紧能缓缓吗", "不确定"), bound=True),
    Case("payment_plan_form", ASIDE, ("能分期吗", "有优惠吗", "半年"), bound=True),
    Case("payment_plan_form", CORRECTION, ("家里有病人，能分3个月交吗", "不对，分6个月"), bound=True),
    Case("payment_plan_form", CANCEL, ("能分期吗", "算了")),
    Case("payment_plan_form", NEW_TOPIC, ("能分期吗", "我已经交过了")),
    Case("bind_unit_form", UP_FRONT, ("我是1栋1单元101的业主，手机尾号5678", "张伟")),
    Case("bind_unit_form", VAGUE, ("我要绑定房子", "1栋1单元101", "我是他老婆", "张伟", "5678")),
    Case("bind_unit_form", DONT_KNOW, ("我家欠多少钱", "1栋1单元101", "我不记得登记的名字了")),
    Case("bind_unit_form", ASIDE, ("我要绑定房子", "怎么交物业费", "1栋1单元101")),
    Case("bind_unit_form", CORRECTION, ("我要绑定房子", "1栋1单元102", "不对，是101", "张伟", "5678")),
    Case("bind_unit_form", CANCEL, ("我要绑定房子", "不绑了")),
    Case("bind_unit_form", NEW_TOPIC, ("我要绑定房子", "电梯坏了")),
    Case("bind_unit_form", WEB_CHAT, ("我要绑定房子", "我家欠多少钱"), channel=Channel.WEB),
    Case("several concerns", "a promise and a report", ("我下周交，但电梯的事你们得先修", "周五", "3栋2单元"),
         bound=True),
    Case("several concerns", "a report and a balance question", ("电梯又坏了，我这个月欠多少钱", "5栋2单元电梯"),
         bound=True),
    Case("several concerns", "a complaint and a balance question", ("物业费太贵了，我到底欠多少",), bound=True),
    Case("several concerns", "a promise and an invoice question", ("我月底交，顺便问下能开发票吗",), bound=True),
    # Last: it locks the demo owner's unit for 30 minutes, for every case after it.
    Case("bind_unit_form", LOCKED, ("我要绑定房子", *(answer for n in range(3) for answer in ("1栋1单元101", "张三",
                                                                                         f"000{n}")),
                                    "1栋1单元101")),
)


RECORD_TABLES = (Grievance, PromiseToPay, PaymentPlan, Handoff)


class Chat:
    def __init__(self, stack: Stack, database_url: str) -> None:
        self.rasa = stack.rasa_url
        self.channel_headers = stack.rasa_headers  # the REST channel's bearer token (bot/rasa_channel.py)
        self.api_token = {"token": stack.rasa_token}  # Rasa's HTTP API (--auth-token)
        self.sessions = make_session_factory(make_engine(database_url))
        self._owners = iter(self._demo_owners())

    def _demo_owners(self) -> list[tuple[str, str, str]]:
        """Owners on the demo records other than the demo owner the binding cases use: (unit, name, phone)."""
        with self.sessions() as session:
            return [tuple(row) for row in session.execute(
                select(Unit.label, Person.name, Person.phone)
                .join(Occupancy, Occupancy.unit_id == Unit.id).join(Person, Person.id == Occupancy.person_id)
                .join(Community, Community.id == Unit.community_id)
                .where(Community.code == DEMO_OWNER.community_code, Occupancy.role == Role.OWNER,
                       Person.name != DEMO_OWNER.name)
                .order_by(Unit.id).limit(len(CASES)))]

    def say(self, sender: str, text: str) -> list[str]:
        # As every channel sends it (bot/text_input.py: half-width, simplified): Rasa never sees "，" from an owner,
        # and the model is trained on that form ("不对，是12号楼802" raw reads as bind_unit, cleaned as deny).
        message = clean_owner_text(text).text
        response = httpx.post(f"{self.rasa}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                              headers=self.channel_headers, timeout=60)
        response.raise_for_status()
        return [item["text"] for item in response.json() if item.get("text")]

    def go_quiet(self, sender: str) -> None:
        """Move the conversation into the past, as if the owner had said nothing for two hours."""
        url = f"{self.rasa}/conversations/{sender}/tracker"
        events = httpx.get(url, params=self.api_token, timeout=30).json()["events"]
        for event in events:
            event["timestamp"] = event["timestamp"] - SILENCE.total_seconds()
        httpx.put(f"{url}/events", params=self.api_token, json=events, timeout=30).raise_for_status()

    def bind(self, sender: str) -> None:
        unit, name, phone = next(self._owners)
        BindingService(self.sessions, system_clock).bind(sender, unit, name, phone[-4:])

    def mark(self, sender: str) -> dict:
        """Where the records stand before a case, so that only what the case wrote is reported."""
        with self.sessions() as session:
            marks = {model: session.scalar(select(func.coalesce(func.max(model.id), 0))) for model in RECORD_TABLES}
            marks[BindingAttempt] = session.scalar(select(func.count()).select_from(BindingAttempt)
                                                   .where(BindingAttempt.conversation_id == sender))
        return marks

    def records(self, sender: str, since: dict) -> list[str]:
        """What the chat wrote for this owner during the case, in words a reader checks against the replies."""
        found = []
        with self.sessions() as session:
            for g in session.execute(select(Grievance).where(Grievance.conversation_id == sender,
                                                             Grievance.id > since[Grievance])
                                     .order_by(Grievance.id)).scalars():
                flag = f"，待员工补全（{g.incomplete_reason}）" if g.incomplete_reason else ""
                found.append(f"工单 {g.ticket_no}：{g.description}｜位置：{g.location or '—'}{flag}")
            units = select(WeChatBinding.unit_id).where(WeChatBinding.conversation_id == sender)
            for p in session.execute(select(PromiseToPay).where(PromiseToPay.unit_id.in_(units),
                                                                PromiseToPay.id > since[PromiseToPay])
                                     .order_by(PromiseToPay.id)).scalars():
                found.append(f"缴费承诺 #{p.id}：{p.promised_date.isoformat()}（{p.state}）")
            for plan in session.execute(select(PaymentPlan).where(PaymentPlan.unit_id.in_(units),
                                                                  PaymentPlan.id > since[PaymentPlan])
                                        .order_by(PaymentPlan.id)).scalars():
                found.append(f"分期申请 #{plan.id}：{plan.months}个月（{plan.state}）")
            for h in session.execute(select(Handoff).where(Handoff.conversation_id == sender,
                                                           Handoff.id > since[Handoff])).scalars():
                found.append(f"转人工：{h.reason}")
            attempts = session.scalar(select(func.count()).select_from(BindingAttempt)
                                      .where(BindingAttempt.conversation_id == sender)) - since[BindingAttempt]
            if attempts:
                found.append(f"绑定核对 {attempts} 次")
        return found


def _cell(lines: list[str]) -> str:
    return "<br>".join(line.replace("|", "｜").replace("\n", "<br>") for line in lines) or "—"


def run_case(chat: Chat, case: Case) -> tuple[list[tuple[str, list[str]]], list[str]]:
    if case.bound:
        chat.bind(case.sender)
    since = chat.mark(case.sender)
    turns = []
    for index, text in enumerate(case.says):
        if case.quiet_before_last and index == len(case.says) - 1:
            chat.go_quiet(case.sender)
        turns.append((text, chat.say(case.sender, text)))
    return turns, chat.records(case.sender, since)


def _welcome(replies: list[str], first: bool) -> list[str]:
    # Every conversation opens with the same session welcome; the table shows it only where a session restarts.
    return replies[1:] if first and replies and replies[0].startswith("您好！我是物业费小管家") else replies


def render(results: list[tuple[Case, list[tuple[str, list[str]]], list[str]]], today: str) -> str:
    lines = [
        "# How the forms behave when owners answer as they really do",
        "",
        "Generated by `python -m bot.devtools.form_cases` through the real Rasa server and action server over the "
        f"demo records (model `{model_hash()}`, {today}, Asia/Shanghai). Each owner starts a new conversation; the "
        "session welcome every conversation opens with is left out, except where a pause starts a new session. "
        "\"Recorded\" is what the chat wrote to the company's records. The design is in docs/architecture.md "
        "(dialogue design) and docs/dialogue.md.",
    ]
    for form in dict.fromkeys(case.form for case, _, _ in results):
        lines += ["", f"## {form}", "", "| case | owner says | bot replies | recorded |", "|---|---|---|---|"]
        for case, turns, recorded in (r for r in results if r[0].form == form):
            for index, (text, replies) in enumerate(turns):
                pause = "（两小时后）" if case.quiet_before_last and index == len(turns) - 1 else ""
                label = case.kind if index == 0 else ""
                written = _cell(recorded) if index == len(turns) - 1 else ""
                lines.append(f"| {label} | {pause}{text} | {_cell(_welcome(replies, index == 0))} | {written} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wuyebot-form-cases-"))
    database_url = f"sqlite:///{work / 'company.db'}"
    upgrade(database_url)
    seed_demo(database_url, today_in_shanghai(system_clock))
    stack = Stack(model=model_path(), log_dir=work, rasa_port=free_port(), action_port=free_port(),
                  database_url=database_url)
    print(f"Starting Rasa and the action server (logs in {work}) …", flush=True)
    with stack:
        chat = Chat(stack, database_url)
        results = []
        for case in CASES:
            turns, recorded = run_case(chat, case)
            results.append((case, turns, recorded))
            print(f"  {case.form}: {case.kind}", flush=True)
    args.out.write_text(render(results, today_in_shanghai(system_clock).isoformat()), encoding="utf-8")
    print(f"Wrote {args.out.relative_to(PROJECT_ROOT) if args.out.is_relative_to(PROJECT_ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
