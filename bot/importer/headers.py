"""Recognise the many ways Chinese property systems spell their column headers, and check what a file needs."""

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from bot.importer.errors import ImportFileError


class Field(StrEnum):
    COMMUNITY = "小区"
    UNIT = "房号"
    BUILDING = "楼栋"
    ENTRANCE = "单元"
    ROOM = "室号"
    AREA = "面积"
    PROPERTY_TYPE = "房屋类型"
    NAME = "姓名"
    PHONE = "电话"
    ROLE = "身份"
    ITEM = "收费项目"
    PERIOD = "账期"
    AMOUNT = "应收金额"
    DUE_DATE = "应缴日期"
    PAID_AMOUNT = "实收金额"
    PAID_DATE = "缴费日期"
    CHANNEL = "缴费方式"
    REFERENCE = "流水号"


ALIASES: dict[Field, tuple[str, ...]] = {
    Field.COMMUNITY: ("小区", "小区名称", "小区编号", "项目", "项目名称", "项目编号", "楼盘", "楼盘名称", "管理处"),
    Field.UNIT: ("房屋编号", "房屋", "房屋名称", "房产", "房产名称", "房屋信息", "房间编号", "资源编号", "房号全称",
                 "楼栋单元房号"),
    Field.BUILDING: ("楼栋", "楼号", "楼栋号", "栋号", "楼栋名称", "幢号", "楼宇"),
    Field.ENTRANCE: ("单元", "单元号"),
    Field.ROOM: ("室号", "门牌号", "户号"),
    Field.AREA: ("建筑面积", "面积", "房屋面积", "计费面积", "收费面积"),
    Field.PROPERTY_TYPE: ("房屋类型", "物业类型", "房产类型", "房屋用途", "用途"),
    Field.NAME: ("业主", "业主姓名", "业主名称", "客户姓名", "客户名称", "客户", "姓名", "住户姓名", "联系人"),
    Field.PHONE: ("手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "业主电话", "业主手机", "客户电话"),
    Field.ROLE: ("身份", "关系", "人员类型", "住户类型", "客户类型", "与业主关系"),
    Field.ITEM: ("收费项目", "费用名称", "费项", "收费项目名称", "费用项目", "费用类型"),
    Field.PERIOD: ("账期", "所属期", "计费月份", "费用所属期", "所属月份", "费用月份", "计费周期", "账单月份"),
    Field.AMOUNT: ("应收金额", "应收", "应缴金额", "应缴", "应收款", "账单金额"),
    Field.DUE_DATE: ("应缴日期", "缴费截止日", "截止日期", "缴费截止日期", "到期日", "应收日期"),
    Field.PAID_AMOUNT: ("实收金额", "实收", "已缴金额", "已缴", "实缴金额", "收款金额"),
    Field.PAID_DATE: ("缴费日期", "收款日期", "实收日期", "缴费时间", "收款时间", "支付时间", "交费日期"),
    Field.CHANNEL: ("缴费方式", "支付方式", "收款方式", "付款方式", "缴费渠道"),
    Field.REFERENCE: ("流水号", "票据号", "收据号", "交易单号", "交易流水号", "收据编号", "票据编号", "订单号"),
}
# 房号 and 房间号 are the whole unit in some exports and only the room (1502) when a 楼栋 column sits beside them.
UNIT_OR_ROOM = ("房号", "房间号", "房间")

_UNIT_SUFFIX = re.compile(r"\((?:元|㎡|m2|平方米|平米|万元|人民币)\)$")
_BY_SPELLING = {spelling: fld for fld, spellings in ALIASES.items() for spelling in spellings}


def normalise_header(text: str) -> str:
    """``* 面积（㎡）`` → ``面积``: width, spaces, required-field stars and unit suffixes do not matter."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"\s+", "", text).strip("*")
    return _UNIT_SUFFIX.sub("", text)


@dataclass
class HeaderMap:
    columns: dict[Field, int] = field(default_factory=dict)  # field → 0-based column index
    labels: dict[Field, str] = field(default_factory=dict)  # field → header as written, for error messages
    unknown: list[str] = field(default_factory=list)

    def has(self, fld: Field) -> bool:
        return fld in self.columns

    def label(self, fld: Field) -> str:
        return self.labels.get(fld, fld.value)

    def cell(self, cells: list[str], fld: Field) -> str:
        index = self.columns.get(fld)
        return cells[index] if index is not None and index < len(cells) else ""

    @property
    def unit_label(self) -> str:
        """The column to blame for a bad unit: the full unit column, or the room column of a split layout."""
        return self.label(Field.UNIT if self.has(Field.UNIT) else Field.ROOM)


def map_headers(header: list[str]) -> HeaderMap:
    spellings = [normalise_header(text) for text in header]
    has_building = any(_BY_SPELLING.get(s) is Field.BUILDING for s in spellings)
    result = HeaderMap()
    for index, (written, spelling) in enumerate(zip(header, spellings, strict=True)):
        if not spelling:
            continue  # trailing empty columns are common in spreadsheets
        fld = _BY_SPELLING.get(spelling)
        if spelling in UNIT_OR_ROOM:
            fld = Field.ROOM if has_building else Field.UNIT
        if fld is None or fld in result.columns:
            result.unknown.append(written)  # a second 电话 column is ignored, not merged
            continue
        result.columns[fld] = index
        result.labels[fld] = written
    return result


def missing_columns(headers: HeaderMap, community_code: str | None) -> list[str]:
    """What the file lacks to be imported at all, worded for staff; empty when it is importable."""
    missing = []
    if not headers.has(Field.UNIT) and not (headers.has(Field.BUILDING) and headers.has(Field.ROOM)):
        missing.append("房号（或 楼栋 + 房号 两列）")
    if not any(headers.has(f) for f in (Field.AREA, Field.AMOUNT, Field.PAID_AMOUNT, Field.NAME, Field.PHONE)):
        missing.append("面积、应收金额、实收金额、业主姓名或电话（至少一列）")
    if headers.has(Field.AMOUNT) and not headers.has(Field.PERIOD):
        missing.append("账期（有应收金额列时必需）")
    if headers.has(Field.PAID_AMOUNT) and not headers.has(Field.PAID_DATE):
        missing.append("缴费日期（有实收金额列时必需）")
    if not headers.has(Field.COMMUNITY) and not community_code:
        missing.append("小区（文件里没有小区列时，需要指定小区编号）")
    return missing


def require_columns(headers: HeaderMap, header: list[str], file_name: str, community_code: str | None) -> None:
    missing = missing_columns(headers, community_code)
    if missing:
        found = "、".join(h for h in header if h) or "（无）"
        raise ImportFileError(f"{file_name}: 缺少必需的列：{'；'.join(missing)}。文件中的列：{found}")
