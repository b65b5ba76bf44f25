"""The words exports use for fee items, unit kinds, occupants' roles and payment channels."""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from bot.db.models import BillItem, PropertyType, Role, UnitKind

ITEMS: Mapping[str, BillItem] = {
    **dict.fromkeys(("物业费", "物业管理费", "物业服务费", "物管费", "管理费", "综合服务费", "物业综合服务费"),
                    BillItem.PROPERTY_FEE),
    **dict.fromkeys(("车位管理费", "车位费", "车位服务费", "车位物业费", "车位维护费", "车库管理费"),
                    BillItem.PARKING_FEE),
    **dict.fromkeys(("停车费", "停车管理费", "月租停车费", "临时停车费", "车位租金", "车位租赁费", "停车服务费"),
                    BillItem.PARKING_RENT),
    **dict.fromkeys(("公摊水电", "公摊费", "公摊水电费", "公共水电费", "公摊", "公区水电费", "公摊电费", "公摊水费",
                     "公共能耗费", "公共能耗"), BillItem.SHARED_UTILITIES),
    **dict.fromkeys(("水费", "自来水费", "生活用水", "用水费", "水费(居民)"), BillItem.WATER),
    **dict.fromkeys(("电费", "用电费", "生活用电", "电费(居民)"), BillItem.ELECTRICITY),
    **dict.fromkeys(("燃气费", "煤气费", "天然气费", "燃气"), BillItem.GAS),
    **dict.fromkeys(("供暖费", "取暖费", "采暖费", "暖气费", "供热费"), BillItem.HEATING),
    **dict.fromkeys(("垃圾清运费", "垃圾费", "装修垃圾清运费", "生活垃圾处理费"), BillItem.GARBAGE),
    **dict.fromkeys(("租金", "房租", "租赁费", "商铺租金"), BillItem.RENT),
    **dict.fromkeys(("押金", "装修押金", "保证金", "装修保证金", "门禁卡押金"), BillItem.DEPOSIT),
    **dict.fromkeys(("维修基金", "维修资金", "专项维修资金", "住宅专项维修资金", "公共维修基金", "房屋维修基金"),
                    BillItem.MAINTENANCE_FUND),
    **dict.fromkeys(("违约金", "滞纳金"), BillItem.LATE_FEE),
    **dict.fromkeys(("其他", "其他费用", "其它", "其它费用", "杂费"), BillItem.OTHER),
}
# When the exact name is not known, a word inside it decides (二次供水费 → 水费); checked in this order, so
# 公摊电费 is 公摊 before it is 电费, and 电梯费 is never 电费.
_ITEM_WORDS: tuple[tuple[str, BillItem, tuple[str, ...]], ...] = (
    ("滞纳金", BillItem.LATE_FEE, ()), ("违约金", BillItem.LATE_FEE, ()),
    ("公摊", BillItem.SHARED_UTILITIES, ()), ("公共水电", BillItem.SHARED_UTILITIES, ()),
    ("维修基金", BillItem.MAINTENANCE_FUND, ()), ("维修资金", BillItem.MAINTENANCE_FUND, ()),
    ("押金", BillItem.DEPOSIT, ()), ("保证金", BillItem.DEPOSIT, ()),
    ("停车", BillItem.PARKING_RENT, ()), ("车位", BillItem.PARKING_FEE, ()), ("车库", BillItem.PARKING_FEE, ()),
    ("物业", BillItem.PROPERTY_FEE, ()),
    ("燃气", BillItem.GAS, ()), ("煤气", BillItem.GAS, ()), ("天然气", BillItem.GAS, ()),
    ("暖", BillItem.HEATING, ()), ("供热", BillItem.HEATING, ()),
    ("垃圾", BillItem.GARBAGE, ()),
    ("水费", BillItem.WATER, ()), ("供水", BillItem.WATER, ()), ("电费", BillItem.ELECTRICITY, ("电梯",)),
    ("租金", BillItem.RENT, ()),
)

UNIT_KINDS: Mapping[str, UnitKind] = {
    **dict.fromkeys(("住宅", "住房", "公寓", "普通房屋", "住宅房屋", "洋房", "高层", "多层", "小高层", "别墅", "房屋",
                     "住户",
                     "普通住宅", "居民"), UnitKind.FLAT),
    **dict.fromkeys(("商铺", "商户", "商业", "底商", "门面", "门市", "写字楼", "办公", "商铺房屋", "商业用房", "店铺",
                     "商用"), UnitKind.SHOP),
    **dict.fromkeys(("车位", "停车位", "地下车位", "地面车位", "机械车位", "产权车位", "人防车位", "子母车位"),
                    UnitKind.PARKING_SPACE),
    **dict.fromkeys(("车库", "汽车库", "独立车库"), UnitKind.GARAGE),
    **dict.fromkeys(("储藏室", "储物间", "仓房", "仓库", "仓房(仓库)", "地下室", "杂物间", "储藏间"),
                    UnitKind.STOREROOM),
}
# The kind word that starts a canonical label (车位B区304); flats have none (3栋2单元1502).
KIND_WORD: Mapping[UnitKind, str] = {UnitKind.SHOP: "商铺", UnitKind.PARKING_SPACE: "车位", UnitKind.GARAGE: "车库",
                                     UnitKind.STOREROOM: "储藏室"}
PROPERTY_TYPE_OF_KIND: Mapping[UnitKind, PropertyType] = {
    UnitKind.FLAT: PropertyType.RESIDENTIAL, UnitKind.STOREROOM: PropertyType.RESIDENTIAL,
    UnitKind.SHOP: PropertyType.COMMERCIAL, UnitKind.PARKING_SPACE: PropertyType.PARKING,
    UnitKind.GARAGE: PropertyType.PARKING,
}
ROLES: Mapping[str, Role] = {
    **dict.fromkeys(("业主", "产权人", "本人", "户主", "房主", "业主本人", "产权所有人"), Role.OWNER),
    **dict.fromkeys(("家属", "家庭成员", "家人", "成员", "配偶", "子女", "父母", "亲属", "同住人", "业主家属"),
                    Role.FAMILY),
    **dict.fromkeys(("租户", "租客", "承租人", "租住", "租赁"), Role.TENANT),
}
# Stored channel codes; words not listed here are kept as written (the column allows any short text).
CHANNELS: Mapping[str, str] = {
    **dict.fromkeys(("微信", "微信支付", "wechat", "微信扫码", "微信公众号", "微信小程序"), "wechat"),
    **dict.fromkeys(("支付宝", "alipay", "支付宝扫码"), "alipay"),
    **dict.fromkeys(("现金", "前台现金", "现金支付"), "counter_cash"),
    **dict.fromkeys(("银行转账", "转账", "对公转账", "银行", "银联", "网银"), "bank_transfer"),
    **dict.fromkeys(("刷卡", "pos", "银行卡", "pos机"), "pos"),
    **dict.fromkeys(("账户抵扣", "预存抵扣", "预存款", "余额"), "prepaid_balance"),
}
UNKNOWN_CHANNEL = "other"
_T = TypeVar("_T")
MAX_CHANNEL_LENGTH = 32


def word_key(text: object) -> str:
    """How a word is compared: width, spaces and case do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def _lookup(words: Mapping[str, _T], text: str, what: str) -> _T:
    found = words.get(word_key(text))
    if found is None:
        raise ValueError(f"'{text}' 不是可识别的{what}（可用：{'、'.join(list(words)[:24])}…）")
    return found


def parse_role(text: str) -> Role:
    return _lookup(ROLES, text, "身份")


def parse_channel(text: str) -> str:
    channel = CHANNELS.get(word_key(text), text.strip())
    if len(channel) > MAX_CHANNEL_LENGTH:
        raise ValueError(f"'{text[:20]}…' 太长（最多 {MAX_CHANNEL_LENGTH} 个字）")
    return channel


class ItemHow(StrEnum):
    COMPANY = "本公司的对照表"
    EXACT = "常用名称"
    WORD = "名称中含“{word}”"
    DEFAULT = "文件没有收费项目列"


@dataclass
class ItemResolver:
    """Fee names → our items: the company's own table first, then the common names, then a word inside the
    name. Remembers every distinct name it was asked about and how it decided, for the report."""

    company: Mapping[str, BillItem] = field(default_factory=dict)  # word_key(source) → item
    decided: dict[str, tuple[BillItem | None, str]] = field(default_factory=dict)  # source as written → (item, how)

    def resolve(self, text: str) -> BillItem | None:
        if text in self.decided:
            return self.decided[text][0]
        item, how = self._decide(text)
        self.decided[text] = (item, how)
        return item

    def _decide(self, text: str) -> tuple[BillItem | None, str]:
        key = word_key(text)
        if key in self.company:
            return self.company[key], ItemHow.COMPANY
        if key in ITEMS:
            return ITEMS[key], ItemHow.EXACT
        # "物业费（住宅）", "2026年物业费": the name without brackets and dates.
        bare = re.sub(r"[(\[].*?[)\]]|\d{4}年(?:\d{1,2}月)?|\d{4}[-/.]\d{1,2}|第?\d+期", "", key)
        if bare in ITEMS:
            return ITEMS[bare], ItemHow.EXACT
        for word, item, unless in _ITEM_WORDS:
            if word in key and not any(u in key for u in unless):
                return item, ItemHow.WORD.format(word=word)
        return None, ""


def known_item(text: str, company: Mapping[str, BillItem]) -> BillItem | None:
    """The item a column header names exactly (a per-item column such as 物业费 in a 欠费清单), or None."""
    key = word_key(text)
    return company.get(key) or ITEMS.get(key)
