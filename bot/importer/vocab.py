"""The words exports use for fee items, occupants' roles, property types and payment channels."""

import re
import unicodedata
from collections.abc import Mapping
from typing import TypeVar

from bot.db.models import BillItem, PropertyType, Role

ITEMS: Mapping[str, BillItem] = {
    "物业费": BillItem.PROPERTY_FEE, "物业管理费": BillItem.PROPERTY_FEE, "物业服务费": BillItem.PROPERTY_FEE,
    "车位管理费": BillItem.PARKING_FEE, "车位费": BillItem.PARKING_FEE, "车位服务费": BillItem.PARKING_FEE,
    "停车管理费": BillItem.PARKING_FEE,
    "公摊水电": BillItem.SHARED_UTILITIES, "公摊费": BillItem.SHARED_UTILITIES,
    "公摊水电费": BillItem.SHARED_UTILITIES, "公共水电费": BillItem.SHARED_UTILITIES,
}
ROLES: Mapping[str, Role] = {
    "业主": Role.OWNER, "产权人": Role.OWNER, "本人": Role.OWNER,
    "家属": Role.FAMILY, "家庭成员": Role.FAMILY, "家人": Role.FAMILY, "成员": Role.FAMILY,
    "租户": Role.TENANT, "租客": Role.TENANT, "承租人": Role.TENANT,
}
PROPERTY_TYPES: Mapping[str, PropertyType] = {
    "住宅": PropertyType.RESIDENTIAL, "住房": PropertyType.RESIDENTIAL, "公寓": PropertyType.RESIDENTIAL,
    "商铺": PropertyType.COMMERCIAL, "商业": PropertyType.COMMERCIAL, "底商": PropertyType.COMMERCIAL,
    "写字楼": PropertyType.COMMERCIAL, "办公": PropertyType.COMMERCIAL,
    "车位": PropertyType.PARKING, "车库": PropertyType.PARKING, "停车位": PropertyType.PARKING,
}
# Stored channel codes; words not listed here are kept as written (the column allows any short text).
CHANNELS: Mapping[str, str] = {
    "微信": "wechat", "微信支付": "wechat", "wechat": "wechat",
    "支付宝": "alipay", "alipay": "alipay",
    "现金": "counter_cash", "前台现金": "counter_cash",
    "银行转账": "bank_transfer", "转账": "bank_transfer", "对公转账": "bank_transfer", "银行": "bank_transfer",
    "刷卡": "pos", "pos": "pos", "银行卡": "pos",
}
UNKNOWN_CHANNEL = "other"
_T = TypeVar("_T")
MAX_CHANNEL_LENGTH = 32


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _lookup(words: Mapping[str, _T], text: str, what: str) -> _T:
    found = words.get(_key(text))
    if found is None:
        raise ValueError(f"'{text}' 不是可识别的{what}（可用：{'、'.join(words)}）")
    return found


def parse_item(text: str) -> BillItem:
    return _lookup(ITEMS, text, "收费项目")


def parse_role(text: str) -> Role:
    return _lookup(ROLES, text, "身份")


def parse_property_type(text: str) -> PropertyType:
    return _lookup(PROPERTY_TYPES, text, "房屋类型")


def parse_channel(text: str) -> str:
    channel = CHANNELS.get(_key(text), text.strip())
    if len(channel) > MAX_CHANNEL_LENGTH:
        raise ValueError(f"'{text[:20]}…' 太长（最多 {MAX_CHANNEL_LENGTH} 个字）")
    return channel
