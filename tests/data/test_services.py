"""Services against SQLite and PostgreSQL, with a second owner's data always present."""

from datetime import date, timedelta

import pytest

from bot.clock import fixed_clock
from bot.db.models import HandoffReason
from bot.services.arrears import ArrearsService
from bot.services.balances import BalanceService, NotBound
from bot.services.binding import BindingService, BindOutcome
from bot.services.communities import CommunityService
from bot.services.grievances import GrievanceService
from bot.services.handoff import HandoffService
from tests.data.builders import NOW, build_world


@pytest.fixture
def world(sessions):
    return build_world(sessions)


@pytest.fixture
def binding(sessions):
    return BindingService(sessions, fixed_clock(NOW))


def test_binding_needs_unit_name_and_phone_last4(binding, world):
    result = binding.bind("wx:oZhang", "3栋2单元1502", "张伟", "5678")
    assert result.outcome is BindOutcome.BOUND
    assert result.unit.community_name == "阳光花园" and result.unit.role == "owner"
    # The verified owner's other unit on record comes with it; the unit asked about comes first.
    assert [u.label for u in result.units] == ["3栋2单元1502", "5栋1单元301"]
    assert {u.label for u in binding.bound_units("wx:oZhang")} == {"3栋2单元1502", "5栋1单元301"}


def test_same_label_in_another_community_binds_the_right_person(binding, world):
    result = binding.bind("wx:oLi", "3栋2单元1502", "李娜", "5432")
    assert result.outcome is BindOutcome.BOUND and result.unit.community_name == "翠湖苑"


def test_tenant_binds_with_own_role(binding, world):
    result = binding.bind("wx:oWang", "3栋2单元1502", "王芳", "1111")
    assert result.outcome is BindOutcome.BOUND and result.unit.role == "tenant"


def test_binding_again_is_not_a_second_binding(binding, world):
    binding.bind("wx:oZhang", "3栋2单元1502", "张伟", "5678")
    assert binding.bind("wx:oZhang", "3栋2单元1502", "张伟", "5678").outcome is BindOutcome.ALREADY_BOUND
    assert len(binding.bound_units("wx:oZhang")) == 2


def test_three_failures_lock_binding_for_thirty_minutes(sessions, world):
    clock_time = [NOW]
    service = BindingService(sessions, lambda: clock_time[0])
    first = service.bind("wx:oX", "3栋2单元1502", "张伟", "0000")
    assert first.outcome is BindOutcome.MISMATCH and first.tries_left == 2
    assert service.bind("wx:oX", "3栋2单元1502", "李四", "5678").tries_left == 1
    third = service.bind("wx:oX", "9栋1单元101", "张伟", "5678")
    assert third.outcome is BindOutcome.LOCKED
    # Even the right answer is refused while locked.
    assert service.bind("wx:oX", "3栋2单元1502", "张伟", "5678").outcome is BindOutcome.LOCKED
    clock_time[0] = NOW + timedelta(minutes=31)
    assert service.bind("wx:oX", "3栋2单元1502", "张伟", "5678").outcome is BindOutcome.BOUND


def test_balance_only_for_bound_units(sessions, binding, world):
    balances = BalanceService(sessions, fixed_clock(NOW), binding)
    with pytest.raises(NotBound):
        balances.statements("wx:oZhang")
    binding.bind("wx:oZhang", "3栋2单元1502", "张伟", "5678")
    statements = {s.unit.label: s.statement for s in balances.statements("wx:oZhang")}
    assert set(statements) == {"3栋2单元1502", "5栋1单元301"}  # never 李娜's 1502 in 翠湖苑
    zhang = statements["3栋2单元1502"]
    assert zhang.outstanding_fen == 3 * 25_000 + 15_000
    assert zhang.overdue_fen == 25_000 + 25_000 + 15_000  # Sep, Oct property fee and Oct parking
    assert zhang.overdue_since == date(2026, 10, 15)
    assert statements["5栋1单元301"].outstanding_fen == 0
    with pytest.raises(NotBound):
        balances.statements("wx:oZhang", unit_label="9栋9单元909")
    assert [s.unit.label for s in balances.statements("wx:oZhang", unit_ids=[world.unit_zhang_2])] == ["5栋1单元301"]
    with pytest.raises(NotBound):  # 李娜's unit, asked for by id: never read
        balances.statements("wx:oZhang", unit_ids=[world.unit_li])


def test_tenant_is_bound_but_never_sees_the_owners_bills(sessions, binding, world):
    balances = BalanceService(sessions, fixed_clock(NOW), binding)
    assert binding.bind("wx:oWang", "3栋2单元1502", "王芳", "1111").outcome is BindOutcome.BOUND
    with pytest.raises(NotBound):
        balances.statements("wx:oWang")


def test_grievance_routing_sla_and_status(sessions, binding, world):
    grievances = GrievanceService(sessions, fixed_clock(NOW))
    unit = binding.bind("wx:oZhang", "3栋2单元1502", "张伟", "5678").unit
    ticket = grievances.create("wx:oZhang", "卫生间天花板漏水", "3栋2单元1502", None, unit)
    assert ticket.ticket_no == "GR20261126-0001" and ticket.department == "工程部"
    assert ticket.sla_due_at - ticket.created_at == timedelta(hours=4)
    second = grievances.create("wx:oStranger", "晚上广场舞太吵", "中心花园", None, None)
    assert second.ticket_no == "GR20261126-0002" and second.category_name == "噪音扰民"
    assert [t.ticket_no for t in grievances.tickets_for("wx:oZhang", [unit.unit_id])] == ["GR20261126-0001"]
    assert grievances.has_open_service_grievance(unit.unit_id)


def test_plans_promises_and_opt_outs_pause_reminders(sessions, binding, world):
    arrears = ArrearsService(sessions, fixed_clock(NOW))
    unit = binding.bind("wx:oZhang", "3栋2单元1502", "张伟", "5678").unit
    assert arrears.reminder_pause_reasons("wx:oZhang", unit.unit_id) == []
    arrears.record_promise("wx:oZhang", unit, date(2026, 11, 30))
    assert arrears.reminder_pause_reasons("wx:oZhang", unit.unit_id) == ["promise_to_pay"]
    arrears.request_plan("wx:oZhang", unit, 3, 90_000, "最近失业了")
    assert "payment_plan" in arrears.reminder_pause_reasons("wx:oZhang", unit.unit_id)
    assert arrears.opt_out("wx:oZhang", None, "别再发了") is True
    assert arrears.opt_out("wx:oZhang", None, "别再发了") is False
    assert "opted_out" in arrears.reminder_pause_reasons("wx:oZhang", unit.unit_id)


def test_recent_payments_are_found(sessions, binding, world):
    arrears = ArrearsService(sessions, fixed_clock(NOW))
    found = arrears.recent_payments([world.unit_zhang_2])
    assert [(p.amount_fen, p.channel) for p in found] == [(20_000, "alipay")]


def test_handoff_is_opened_once(sessions, world):
    handoff = HandoffService(sessions, fixed_clock(NOW))
    first_id, created = handoff.request("wx:oZhang", HandoffReason.OWNER_REQUEST)
    assert created and handoff.is_waiting_or_active("wx:oZhang")
    assert handoff.request("wx:oZhang", HandoffReason.OWNER_REQUEST) == (first_id, False)


def test_community_channels_and_disclosure(sessions, world):
    communities = CommunityService(sessions, fixed_clock(NOW))
    assert communities.channels(world.community_a).counter_hours == "每天 8:30-17:30"
    disclosure = communities.latest_disclosure(world.community_a)
    assert disclosure.period_label == "2026年上半年" and disclosure.fee_collected_fen == 870_000_00
    assert communities.latest_disclosure(world.community_b) is None
