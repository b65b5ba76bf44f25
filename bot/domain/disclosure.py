"""收支公示 in plain numbers: the nine cost items (物业服务收费管理办法第11条) and the collection rate."""

COST_ITEMS: dict[str, str] = {
    "staff": "人员工资社保",
    "facilities": "公共设施设备运行维护",
    "cleaning": "清洁卫生",
    "greenery": "绿化养护",
    "security": "秩序维护",
    "office": "办公费",
    "depreciation": "固定资产折旧",
    "insurance": "公众责任保险",
    "other_agreed": "经业主同意的其他费用",
}


def collection_rate_percent(due_fen: int, collected_fen: int) -> float:
    return 0.0 if due_fen <= 0 else round(100 * collected_fen / due_fen, 1)


def largest_items(cost_items_fen: dict[str, int], count: int = 4) -> list[tuple[str, int]]:
    """The biggest cost items with their Chinese names, largest first."""
    ranked = sorted(((COST_ITEMS.get(k, k), v) for k, v in cost_items_fen.items()), key=lambda kv: -kv[1])
    return ranked[:count]
