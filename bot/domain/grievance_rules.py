"""Grievance categories, routing to departments, SLAs, and the ticket state machine."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Category:
    key: str
    name: str  # what the owner sees
    department: str
    sla: timedelta
    keywords: tuple[str, ...]
    about_service: bool = True  # the fee pays for this service; reminders pause while it is open


CATEGORIES: tuple[Category, ...] = (
    Category("leak", "漏水渗水", "工程部", timedelta(hours=4),
             ("漏水", "渗水", "滴水", "水管", "爆管", "返水", "反水")),
    Category("elevator", "电梯", "工程部", timedelta(hours=2), ("电梯", "困人", "关人")),
    Category("repair", "公共设施维修", "工程部", timedelta(hours=24),
             ("坏", "修", "灯", "门禁", "下水", "堵", "暖气", "热水", "井盖", "停电", "停水", "没水", "没电")),
    Category("cleaning", "保洁卫生", "环境部", timedelta(hours=24),
             ("垃圾", "打扫", "卫生", "脏", "臭", "保洁", "老鼠", "蟑螂", "杂物")),
    Category("security", "安全秩序", "秩序部", timedelta(hours=2),
             ("保安", "小偷", "偷", "陌生人", "安全", "监控", "打架")),
    Category("parking", "停车", "秩序部", timedelta(hours=12),
             ("车位", "停车", "挡住", "被占", "占用", "乱停", "道闸", "电动车", "充电")),
    Category("noise", "噪音扰民", "秩序部", timedelta(hours=12), ("吵", "噪音", "装修", "狗叫", "广场舞", "扰民")),
    Category("greenery", "绿化", "环境部", timedelta(hours=72), ("绿化", "草", "树", "花坛")),
    Category("quality", "房屋质量", "工程部", timedelta(hours=72),
             ("裂", "墙", "开裂", "空鼓", "脱落", "掉砖", "质量", "返潮", "发霉"), about_service=False),
)
OTHER = Category("other", "其他", "客服部", timedelta(hours=24), ())
BY_KEY = {c.key: c for c in (*CATEGORIES, OTHER)}


def categorise(description: str) -> Category:
    """The first category whose keywords appear in the description; 其他 when none do."""
    for category in CATEGORIES:
        if any(word in description for word in category.keywords):
            return category
    return OTHER


def sla_due(category: Category, created_at: datetime) -> datetime:
    return created_at + category.sla


OPEN_STATUSES = frozenset({"open", "assigned", "in_progress"})
TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"assigned", "in_progress", "resolved", "rejected"}),
    "assigned": frozenset({"in_progress", "resolved", "rejected"}),
    "in_progress": frozenset({"resolved"}),
    "resolved": frozenset({"closed", "in_progress"}),  # reopened if the owner says it is not fixed
    "closed": frozenset(),
    "rejected": frozenset(),
}
STATUS_NAMES = {
    "open": "已受理，等待派单", "assigned": "已派给负责的同事", "in_progress": "正在处理",
    "resolved": "已处理完成，待您确认", "closed": "已办结", "rejected": "未受理",
}


class InvalidTransition(ValueError):
    pass


def check_transition(current: str, new: str) -> None:
    if new not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(f"a ticket cannot go from {current} to {new}")


def ticket_number(created_at: datetime, sequence: int) -> str:
    """GR + date (Asia/Shanghai is the caller's job) + a per-day sequence: GR20261126-0007."""
    return f"GR{created_at:%Y%m%d}-{sequence:04d}"


# The order of the category menu the bot shows (utter_ask_grievance_category spells it out; a test compares).
MENU: tuple[Category, ...] = (*CATEGORIES, OTHER)


def category_from_answer(text: str) -> Category | None:
    """The owner's answer to the category menu: its number (1–10), the category's name, or a keyword."""
    answer = (text or "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    digits = "".join(ch for ch in answer if ch.isdigit())
    if digits and len(digits) <= 2 and len(answer) <= 6:
        number = int(digits)
        return MENU[number - 1] if 1 <= number <= len(MENU) else None
    for category in MENU:
        if category.name in answer or (answer and answer in category.name and len(answer) >= 2):
            return category
    guessed = categorise(answer)
    return guessed if guessed is not OTHER else None
