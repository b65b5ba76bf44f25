"""Reply pieces: statements, channels, disclosures, tickets — what an owner reads on a phone."""

from datetime import date, datetime, timedelta

from bot.clock import SHANGHAI
from bot.domain.statement import BillLine, PaymentLine, build_statement
from bot.render.community import channels_text, disclosure_text
from bot.render.dates import duration_text, period_text
from bot.render.statements import MAX_LINES, statement_text
from bot.render.tickets import ticket_line
from bot.services.communities import Disclosure, PaymentChannels
from bot.services.grievances import Ticket

TODAY = date(2026, 11, 26)


def bill(i, month, amount=25_000, item="物业费"):
    return BillLine(i, item, date(2026, month, 1), date(2026, month, 28), amount, date(2026, month, 28))


def test_paid_up_statement_thanks_the_owner():
    assert "没有待缴费用" in statement_text(build_statement([bill(1, 9)], [PaymentLine(1, 25_000)], TODAY), TODAY)


def test_statement_lists_overdue_first_and_caps_the_lines():
    bills = [bill(i, i) for i in range(1, 12)]
    text = statement_text(build_statement(bills, [], TODAY), TODAY)
    lines = text.splitlines()
    assert lines[0] == "待缴合计：2,750.00元"
    assert lines[1].startswith("其中已逾期 2,500.00元（最早一笔应于2026年1月28日（周三）前缴）")
    assert lines[2] == "· 物业费 2026年1月：250.00元（已逾期）"
    assert sum(line.startswith("· 物业费") for line in lines) == MAX_LINES
    assert "另有 5 笔" in lines[-1]
    assert "2026年11月28日（周六）前缴" in statement_text(build_statement([bill(1, 11)], [], TODAY), TODAY)


def test_periods_and_durations():
    assert period_text(date(2026, 10, 1), date(2026, 10, 31)) == "2026年10月"
    assert period_text(date(2026, 7, 1), date(2026, 9, 30)) == "2026年7月–9月"
    assert duration_text(timedelta(hours=2)) == "2小时" and duration_text(timedelta(hours=72)) == "3天"


def test_channels_for_an_elderly_owner_include_the_counter_and_help():
    channels = PaymentChannels("阳光花园", None, True, False, "1栋一楼", "8:30-17:30", "可上门代办", "010-1", "", "")
    text = channels_text(channels)
    assert "本公众号菜单" in text and "微信" in text and "支付宝" not in text
    assert "1栋一楼（8:30-17:30）" in text and "可上门代办" in text and "010-1" in text


def test_disclosure_in_plain_numbers():
    disclosure = Disclosure("阳光花园", "2026年上半年", 100_000_00, 87_000_00, {"staff": 40_000_00, "office": 0},
                            5_000_00, 3_500_00, 1_000_00, 90_000_00)
    text = disclosure_text(disclosure)
    assert "收缴率 87.0%" in text and "人员工资社保 40,000.00元" in text and "办公费" not in text


def test_closed_tickets_show_no_deadline():
    created = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)
    ticket = Ticket("GR20261126-0001", "leak", "漏水渗水", "工程部", "open", "漏水", "3栋", created,
                    created + timedelta(hours=4))
    assert "承诺 11月26日（周四）13:00 前跟进" in ticket_line(ticket)
    closed = Ticket(*[*ticket.__dict__.values()][:4], "closed", *[*ticket.__dict__.values()][5:])
    assert "已办结" in ticket_line(closed) and "承诺" not in ticket_line(closed)
