"""A community's payment channels, discount and expense disclosure in plain words."""

from bot.domain.disclosure import collection_rate_percent, largest_items
from bot.domain.money import format_fen
from bot.services.communities import Disclosure, PaymentChannels, ServiceContact


def channels_text(channels: PaymentChannels) -> str:
    lines = []
    online = [name for name, ok in (("微信", channels.accepts_wechat_pay), ("支付宝", channels.accepts_alipay)) if ok]
    if channels.online_pay_url or online:
        where = f"打开 {channels.online_pay_url} " if channels.online_pay_url else "在本公众号菜单“缴费”里"
        lines.append(f"1. 线上：{where}，支持{'、'.join(online) or '网银'}；")
    if channels.counter_address:
        hours = f"（{channels.counter_hours}）" if channels.counter_hours else ""
        lines.append(f"{len(lines) + 1}. 线下：{channels.counter_address}{hours}；")
    if channels.elderly_help:
        lines.append(f"{len(lines) + 1}. 老人家不方便：{channels.elderly_help}")
    if channels.service_phone:
        lines.append(f"有问题可拨打服务中心电话 {channels.service_phone}。")
    return "\n".join(lines) or "请到物业服务中心前台缴费，或回复“人工”请客服告诉您具体方式。"


def disclosure_text(disclosure: Disclosure) -> str:
    rate = collection_rate_percent(disclosure.fee_due_fen, disclosure.fee_collected_fen)
    items = "；".join(f"{name} {format_fen(fen)}" for name, fen in
                     largest_items(disclosure.cost_items_fen, count=len(disclosure.cost_items_fen)) if fen)
    lines = [
        f"1. 物业费应收 {format_fen(disclosure.fee_due_fen)}，实收 {format_fen(disclosure.fee_collected_fen)}，"
        f"收缴率 {rate}%；",
        f"2. 支出：{items or '暂未公示明细'}；",
        f"3. 公共收益（电梯广告、公共车位等）{format_fen(disclosure.public_income_fen)}，扣除成本后净收益 "
        f"{format_fen(disclosure.public_income_net_fen)}，归全体业主所有；",
        f"4. 专项维修资金本期使用 {format_fen(disclosure.maintenance_fund_used_fen)}，余额 "
        f"{format_fen(disclosure.maintenance_fund_balance_fen)}（大修用这笔钱，不从物业费里出）。",
    ]
    return "\n".join(lines)


def top_items_text(disclosure: Disclosure, count: int = 3) -> str:
    return "、".join(f"{name}（{format_fen(fen)}）" for name, fen in largest_items(disclosure.cost_items_fen, count))


def rate_text(disclosure: Disclosure) -> str:
    return f"{collection_rate_percent(disclosure.fee_due_fen, disclosure.fee_collected_fen)}%"


def staff_contact_text(contacts: list[ServiceContact]) -> str:
    """How someone who cannot bind online reaches a person: the service centre's real numbers, or the front desk."""
    if not contacts:
        return "请带上身份证到物业服务中心前台办理，工作人员会帮您核对绑定。"
    numbers = "；".join(f"{c.community_name} {c.service_phone}" for c in contacts)
    return f"请拨打物业服务中心电话（{numbers}），或带上身份证到前台办理，工作人员会帮您核对绑定。"
