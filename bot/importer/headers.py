"""The fields a file's columns can go to, and the many ways property systems spell their headers.

``recognise`` is pure and only looks at the header text; which column finally goes where (with the user's
``--map``/``--ignore``, the rules remembered for the community and the values in the column) is decided in
``bot.importer.columns``.
"""

import re
import unicodedata
from enum import StrEnum


class Field(StrEnum):
    """Where a column can go. The value is what ``--map 'SOURCE=field'`` and the remembered rules use."""

    COMMUNITY = "community"
    PHASE = "phase"
    UNIT = "unit"  # the whole unit in one cell: 3-2-1502, 3栋2单元1502
    BUILDING = "building"
    ENTRANCE = "entrance"  # 单元, or the zone (区域) of parking spaces and storerooms
    ROOM = "room"  # 室号 / 门牌号 beside building and entrance columns
    UNIT_KIND = "unit_kind"
    PARKING_SPACE = "parking_space"
    AREA = "area"
    NAME = "name"
    PHONE = "phone"
    PERSON_KEY = "person_key"  # 身份证号, 客户编号: says which rows are the same person; never stored
    ROLE = "role"
    ITEM = "item"
    ITEM_TYPE = "item_type"  # 费用类型 (the category) beside 费用项 (the company's own name)
    PERIOD = "period"  # a month (2026-01) or a range in one cell (2026-01-01~2026-12-31)
    PERIOD_START = "period_start"
    PERIOD_END = "period_end"
    BILLED = "billed"
    DISCOUNT = "discount"
    LATE_FEE = "late_fee"
    PAID = "paid"
    ARREARS = "arrears"
    DUE_DATE = "due_date"
    PAID_AT = "paid_at"
    CHANNEL = "channel"
    CASHIER = "cashier"
    REFERENCE = "reference"


IGNORE = "ignore"  # the target of --ignore, and of a remembered "ignore" rule

TITLES: dict[Field, str] = {
    Field.COMMUNITY: "小区", Field.PHASE: "期/园区", Field.UNIT: "房号", Field.BUILDING: "楼栋",
    Field.ENTRANCE: "单元/区域", Field.ROOM: "室号/门牌号", Field.UNIT_KIND: "资产类型", Field.PARKING_SPACE: "车位",
    Field.AREA: "面积", Field.NAME: "姓名", Field.PHONE: "电话", Field.PERSON_KEY: "证件号/客户编号（只用于认人）",
    Field.ROLE: "身份", Field.ITEM: "收费项目", Field.ITEM_TYPE: "费用类型", Field.PERIOD: "账期",
    Field.PERIOD_START: "开始时间", Field.PERIOD_END: "结束时间", Field.BILLED: "应收金额", Field.DISCOUNT: "优惠/减免",
    Field.LATE_FEE: "滞纳金", Field.PAID: "实收金额", Field.ARREARS: "欠费金额", Field.DUE_DATE: "应缴日期",
    Field.PAID_AT: "缴费时间", Field.CHANNEL: "支付方式", Field.CASHIER: "收银员", Field.REFERENCE: "流水号/订单号",
}
# Several columns may go to these: discounts are added up; the others are one column each.
MULTI_COLUMN = frozenset({Field.DISCOUNT})
MONEY_FIELDS = frozenset({Field.BILLED, Field.DISCOUNT, Field.LATE_FEE, Field.PAID, Field.ARREARS})

ALIASES: dict[Field, tuple[str, ...]] = {
    Field.COMMUNITY: ("小区", "小区名称", "小区编号", "项目", "项目名称", "项目编号", "楼盘", "楼盘名称", "管理处",
                      "社区", "小区名"),
    Field.PHASE: ("期", "期数", "分期", "园区", "园区编号", "建筑商开发期数", "开发期数", "项目分期", "期别"),
    Field.UNIT: ("房屋编号", "房屋编码", "房屋名称", "房产", "房产名称", "房屋信息", "房间编号", "资源编号",
                 "房号全称", "楼栋单元房号", "房屋全称", "收费对象", "付费对象", "房号/车辆/合同", "房屋地址",
                 "资产名称", "资产编号"),
    Field.BUILDING: ("楼栋", "楼号", "楼栋号", "栋号", "楼栋名称", "楼栋编号", "幢号", "楼宇", "楼宇名称", "栋", "幢",
                     "楼",
                     "楼座"),
    Field.ENTRANCE: ("单元", "单元号", "单元名称", "单元编号", "单元/区域", "区域", "分区", "区"),
    Field.ROOM: ("室号", "门牌号", "户号", "房屋号", "门牌号/编号", "门牌"),
    Field.UNIT_KIND: ("资产类型", "房屋类型", "物业类型", "房产类型", "房屋用途", "用途", "资源类型", "房屋性质",
                      "资产类别",
                      "房屋类别"),
    Field.PARKING_SPACE: ("车位", "车位号", "车位编号", "车位名称", "停车位", "车位信息"),
    Field.AREA: ("建筑面积", "面积", "房屋面积", "计费面积", "收费面积", "产权面积"),
    Field.NAME: ("业主", "业主姓名", "业主名称", "客户姓名", "客户名称", "客户", "姓名", "住户姓名", "住户", "联系人",
                 "产权人", "业主名", "缴费人", "付款人", "付费方", "交款人"),
    Field.PHONE: ("手机", "手机号", "手机号码", "联系电话", "电话", "联系方式", "业主电话", "业主手机", "客户电话",
                  "业主电话号码", "电话号码", "业主联系电话", "联系手机", "联系人电话", "业主手机号"),
    Field.PERSON_KEY: ("身份证", "身份证号", "身份证号码", "业主身份证号", "业主身份证", "证件号", "证件号码",
                       "业主编号",
                       "客户编号", "业主ID", "客户ID", "业主证件号"),
    Field.ROLE: ("身份", "关系", "人员类型", "住户类型", "客户类型", "与业主关系", "业主类型", "人员角色", "成员类型"),
    Field.ITEM: ("收费项目", "费用名称", "费项", "收费项目名称", "费用项目", "费用项", "收费名称", "收费科目",
                 "费用科目",
                 "费用项名称", "收费项"),
    Field.ITEM_TYPE: ("费用类型", "费用类别", "收费类型", "费用大类", "收费类别"),
    Field.PERIOD: ("账期", "所属期", "计费月份", "费用所属期", "所属月份", "费用月份", "计费周期", "账单月份",
                   "欠费时间段",
                   "收费期间", "费用期间", "账单周期", "所属年月", "计费期间", "应收时间段", "缴费月份",
                   "欠费月份"),
    Field.PERIOD_START: ("开始时间", "费用开始时间", "计费起始时间", "计费开始时间", "起始时间", "开始日期", "起始日期",
                         "计费开始日期", "收费开始时间", "账期开始", "费用开始日期", "计费起始日期", "起始月份",
                         "开始月份"),
    Field.PERIOD_END: ("结束时间", "费用结束时间", "计费结束时间", "结束日期", "终止日期", "计费结束日期",
                       "收费结束时间",
                       "账期结束", "费用结束日期", "计费终止时间", "结束月份", "终止月份"),
    Field.BILLED: ("应收金额", "应收", "应缴金额", "应缴", "应收款", "账单金额", "收费金额", "应缴/应收金额",
                   "应付金额",
                   "费用金额", "应收费用", "应缴费用", "本期应收", "应交金额"),
    Field.DISCOUNT: ("优惠金额", "减免金额", "赠送金额", "折扣金额", "优惠", "减免", "空置房打折金额", "空置房减免金额",
                     "空置房打折", "空置房减免", "抹零", "抹零金额", "优惠减免"),
    Field.LATE_FEE: ("滞纳金", "违约金", "滞纳金额", "违约金额"),
    Field.PAID: ("实收金额", "实收", "已缴金额", "已缴", "实缴金额", "收款金额", "实付金额", "实缴", "缴费金额",
                 "支付金额",
                 "已收金额", "实交金额", "本次实收"),
    Field.ARREARS: ("欠费金额", "欠费", "欠款", "欠款金额", "未缴金额", "未收金额", "待缴金额", "欠缴金额", "剩余欠费",
                    "欠费合计"),
    Field.DUE_DATE: ("应缴日期", "缴费截止日", "截止日期", "缴费截止日期", "到期日", "应收日期", "最后缴费日期",
                     "缴费期限"),
    Field.PAID_AT: ("缴费日期", "收款日期", "实收日期", "缴费时间", "收款时间", "支付时间", "交费日期", "收费时间",
                    "交费时间",
                    "付款时间", "支付日期", "实收时间", "到账时间"),
    Field.CHANNEL: ("缴费方式", "支付方式", "收款方式", "付款方式", "缴费渠道", "收费方式", "支付渠道"),
    Field.CASHIER: ("收银员", "收款人", "操作人", "经办人", "收费员", "收费人"),
    Field.REFERENCE: ("流水号", "票据号", "收据号", "交易单号", "交易流水号", "收据编号", "票据编号", "订单号",
                      "订单编号",
                      "缴费单号", "收费单号", "交易号", "支付单号", "缴费ID", "收据号码", "发票号"),
}
# 房号/房屋/门牌号 are the whole unit in some exports and only the room (1502) when a 楼栋 column sits beside them.
UNIT_OR_ROOM = ("房号", "房间号", "房间", "房屋", "房屋号码")


class Known(StrEnum):
    """Headers we recognise but do not store, and why; they never stop an import."""

    NOTE = "文字说明，不导入"
    ROW_NUMBER = "序号，不导入"
    STATUS = "状态由金额和日期得出，不单独导入"
    COUNT = "数量或时长（由账期和金额可得），不导入"
    SECOND_AREA = "只导入一个面积（建筑面积）"
    PERSONAL = "与缴费无关的个人信息，不保存"
    BUILDING_FACT = "楼层、户型等房屋信息，不导入"
    CAR = "车牌号，不导入（按车位或房号记账）"
    IDENTIFIER = "原系统内部编号，不导入"
    TOTAL = "合计列，由各项相加，不单独导入"


KNOWN: dict[str, Known] = {
    **dict.fromkeys(("备注", "说明", "摘要", "备注说明", "附言"), Known.NOTE),
    **dict.fromkeys(("序号", "编号序号", "行号", "No", "NO", "no"), Known.ROW_NUMBER),
    **dict.fromkeys(("状态", "费用状态", "账单状态", "退费状态", "缴费状态", "收费状态", "支付状态",
                     "是否缴费", "是否欠费"), Known.STATUS),
    **dict.fromkeys(("性别", "年龄", "出生日期", "民族", "籍贯", "工作单位", "邮箱", "微信号"), Known.PERSONAL),
    **dict.fromkeys(("楼层", "总楼层", "所在楼层", "户型", "房屋户型", "是否有电梯", "电梯", "朝向", "装修情况",
                     "房屋结构", "房屋状态", "入住状态"),
                    Known.BUILDING_FACT),
    **dict.fromkeys(("车牌号", "车牌", "车牌号码", "车辆"), Known.CAR),
    **dict.fromkeys(("合计", "总计", "小计", "合计金额"), Known.TOTAL),
    **dict.fromkeys(("套内面积", "室内面积", "使用面积", "公摊面积", "花园面积", "赠送面积"), Known.SECOND_AREA),
}
# Parts of a header that say what its numbers are, when the header itself is not in the tables above.
_COUNT_WORDS = ("时长", "天数", "月数", "周期", "用量", "度数", "数量", "人数", "次数", "期数", "年限", "月份数",
                "楼层")
_IDENTIFIER_WORDS = ("ID", "id", "编号", "编码", "代码", "单号", "批次", "类型", "标识")
_AREA_WORDS = ("面积",)

# Suffixes that say whether a column is required or its unit; they do not change what the column is.
_NOISE_SUFFIX = re.compile(
    r"[(\[](?:不能为空|必填|必须|必填项|选填|可选|非必填|可不填|元|万元|人民币|㎡|m2|m²|平方米|平米|天|月|"
    r"单位[:：]?[^()\[\]]{1,6}|格式[:：]?[^()\[\]]{1,20})[)\]]$")
_NOISE_PREFIX = re.compile(r"^[*＊#]+")
_BY_SPELLING = {spelling: fld for fld, spellings in ALIASES.items() for spelling in spellings}


def normalise_header(text: object) -> str:
    """``* 建筑面积（㎡）(不能为空)`` → ``建筑面积``: width, spaces, line breaks, required-field marks and unit
    suffixes do not matter."""
    text = unicodedata.normalize("NFKC", "" if text is None else str(text))
    text = re.sub(r"\s+", "", text).replace("【", "[").replace("】", "]")
    text = _NOISE_PREFIX.sub("", text).rstrip("*")
    previous = None
    while previous != text:
        previous, text = text, _NOISE_SUFFIX.sub("", text).rstrip("*")
    return text


def recognise(spelling: str) -> Field | None:
    """The field a normalised header names, or None. ``园区编号/建筑商开发期数`` and ``门牌号/编号`` name one field
    with two spellings; the first part that is a known spelling decides."""
    found = _BY_SPELLING.get(spelling)
    if found is not None or "/" not in spelling:
        return found
    return next((_BY_SPELLING[part] for part in spelling.split("/") if part in _BY_SPELLING), None)


def looks_like_header(spelling: str) -> bool:
    """Whether a cell reads as a column header we know (a field, a unit-or-room column, or one we skip)."""
    return recognise(spelling) is not None or spelling in UNIT_OR_ROOM or spelling in KNOWN


def known_reason(spelling: str) -> Known | None:
    """Why a header we do not store can be left out safely, judged by its wording."""
    if spelling in KNOWN:
        return KNOWN[spelling]
    if any(word in spelling for word in _AREA_WORDS):
        return Known.SECOND_AREA
    if any(word in spelling for word in _COUNT_WORDS):
        return Known.COUNT
    if any(spelling.endswith(word) or spelling.startswith(word) for word in _IDENTIFIER_WORDS):
        return Known.IDENTIFIER
    return None


def field_by_name(text: str) -> Field | None:
    """A field from what a user types after ``=``: the key (``billed``) or its Chinese title or alias (应收金额)."""
    cleaned = normalise_header(text)
    try:
        return Field(cleaned.lower())
    except ValueError:
        pass
    by_title = {title: fld for fld, title in TITLES.items()}
    return by_title.get(cleaned) or _BY_SPELLING.get(cleaned)
