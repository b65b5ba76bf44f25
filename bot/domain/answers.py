"""What an owner's reply to a form's question is: an answer of the kind asked (a place, a person's name, four
digits, a date, a number of months, a unit, a category, a description), or something else — "不知道", "算了不报了",
"不是，是……" (a correction), or words that are not that kind of answer at all.

Pure: text and ``today`` in, a reading out. Dates, months and units are parsed by their own modules
(``bot.domain.dates``, ``bot.domain.months``, ``bot.domain.units``), used here as black boxes.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from bot.domain.dates import parse_promise_date
from bot.domain.grievance_rules import category_from_answer
from bot.domain.grievances import clip_description, is_usable_description
from bot.domain.identity import given_name
from bot.domain.months import parse_plan_months
from bot.domain.phones import last_four_digits
from bot.domain.units import normalize_unit


class AnswerKind(StrEnum):
    DESCRIPTION = "description"  # what is wrong, in the owner's words
    CATEGORY = "category"  # a grievance category (menu number, name or keyword)
    PLACE = "place"  # where a problem is: a building, a unit, a public area, a room
    UNIT = "unit"  # a flat on the company's records (3栋2单元1502)
    PERSON_NAME = "person_name"
    FOUR_DIGITS = "four_digits"  # the phone's last four digits
    DATE = "date"
    MONTH_COUNT = "month_count"


class Reading(StrEnum):
    VALUE = "value"  # an answer of the kind asked
    DONT_KNOW = "dont_know"  # 不知道, 不清楚, 记不得
    CANCEL = "cancel"  # 算了不报了, 不用了, 取消
    OTHER = "other"  # not this kind of answer: a question, small talk, something vague


@dataclass(frozen=True)
class Answer:
    reading: Reading
    value: Any = None
    # Led by 不是/不对/说错了/改成: the value replaces one said (or confirmed) before.
    corrected: bool = False


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


# Words around "I don't know" / "never mind" that carry nothing else: what remains decides whether the message is
# only that ("我也不记得登记的名字了") or says more ("不知道物业费怎么交" is a question).
_FILLER = re.compile(
    r"登记的|登记|具体的?|在哪[里儿]?|哪[里儿]|位置|地方|名字|姓名|房号|门牌号?|手机号码?|号码|尾号|后四位|后4位|"
    r"哪天|日子|时间|几个月|多久|算哪一?类|哪一?类|类别|分类|怎么说|这个|那个|其实|真的|反正|可能|大概|也|都|真|就|还|是|的|了|啊|呀|哎|诶|唉|嗯|"
    r"呃|哦|噢|哈|吧|呢|啦|嘛|吗|我|你|咱|谢谢你?|好的|好吧|那|先|这样|"
    r"[\s,.!?~，。！？～、；;:：…·'\"“”‘’()（）]"
)
_DONT_KNOW = re.compile(
    r"不知道|不晓得|不清楚|不是很清楚|不太清楚|不大清楚|说不清楚?|说不上来|讲不清楚?|搞不清楚?|弄不清楚?|记不得|记不清楚?|"
    r"不记得|忘了|忘记了|忘掉了|想不起来|不确定|不太确定|没印象|没注意|不太懂|不懂|没问过|不了解|"
    # Declining to say leaves the same way forward as not knowing.
    r"不方便说?|不想说|不便透露|不告诉你"
)
_CANCEL = re.compile(
    r"算了|不报了|不修了|不投诉了|不反映了|不用了|不要了|不弄了|不办了|不绑了|不绑定了|不查了|不申请了|不分期了|不缓了|"
    r"不交了|不需要了|不想报了|不麻烦了|取消|撤销|撤回|先不[用要报弄办]?|以后再说|下次再说|改天再说|回头再说|没事了|不了"
)
_CORRECTION = re.compile(
    r"^(?:不是|不对|错了|说错了|搞错了|弄错了|写错了|打错了|记错了|输错了|更正一下|更正|纠正一下|重新说)"
)
# "不是三个月，是六个月": the new value follows the second "是".
_CORRECTED_VALUE = re.compile(r"[,，。\s]+(?:而是|应该是|是|改成|改为|换成|要)\s*(?P<rest>.+)$")
_LEADING_RESTATEMENT = re.compile(r"^[,，。\s]*(?:应该是|而是|我是说|我说的是|是|改成|改为|换成)?[,，。\s]*")


def only(pattern: re.Pattern, text: str) -> bool:
    """``text`` says ``pattern`` and nothing else of substance."""
    text = _clean(text)
    if not pattern.search(text):
        return False
    return _FILLER.sub("", pattern.sub("", text)) == ""


def is_dont_know(text: str) -> bool:
    return only(_DONT_KNOW, text)


def is_cancellation(text: str) -> bool:
    return only(_CANCEL, text)


def split_correction(text: str) -> tuple[bool, str]:
    """(True, the new value's words) for "不是，是下周五" / "不对，改成15号" / "不是三个月，是六个月";
    (False, text) when the message is not a correction."""
    text = _clean(text)
    marker = _CORRECTION.match(text)
    if marker is None:
        restated = re.match(r"^(?:改成|改为|换成|应该是)\s*(?P<rest>.+)$", text)
        return (True, restated["rest"].strip()) if restated else (False, text)
    rest = text[marker.end():]
    if later := _CORRECTED_VALUE.search(rest):
        return True, later["rest"].strip(" ，,。")
    return True, _LEADING_RESTATEMENT.sub("", rest, count=1).strip(" ，,。")


# ------------------------------------------------------------------------------------------------ places

_BUILDING = r"(?:[A-Za-z]|\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:号楼|栋|幢|座|号院)"
_ENTRANCE = r"\d{1,2}\s*单元"
_PLACE_IN_REPORT = re.compile(
    rf"(?:{_BUILDING}\s*(?:{_ENTRANCE})?|{_ENTRANCE})"
    r"(?:\s*\d{3,4}(?:室|号)?)?"
    r"(?:的?\s*(?P<facility>电梯间?|楼道|楼梯间?|走廊|大堂|门厅|单元门|门禁|楼顶|天台|地下室|车库|消防通道|水房|配电房|"
    r"信箱|快递柜|垃圾桶|垃圾房|路灯|门口|楼下|后面|旁边|东侧|西侧|南侧|北侧))?"
)
# Public areas staff can find without a building number.
_AREAS = (
    r"地下车库|地库|地下停车场|停车场|车库|车棚|非机动车棚|小区[东南西北]?门|[东南西北正后侧]门|大门|正门|门卫|岗亭|保安亭|"
    r"中心花园|花园|广场|健身区|健身器材|儿童乐园|游乐场|篮球场|游泳池|泳池|会所|物业服务中心|物业办公室|垃圾站|"
    r"垃圾房|快递柜|充电桩|充电棚|水泵房|配电房|小区道路|主干道|绿化带|草坪|花坛"
)
_AREA_IN_REPORT = re.compile(rf"(?:{_AREAS})(?:[A-Za-z0-9]{{1,3}}区)?")
# Words that, in an answer to "where?", say where it is.
_PLACE_WORDS = re.compile(
    rf"{_BUILDING}|{_ENTRANCE}|\d{{3,4}}|[A-Za-z]区|{_AREAS}|电梯|楼道|楼梯|走廊|过道|大堂|门厅|单元门|楼顶|天台|地下室|"
    r"楼下|楼上|隔壁|对门|家里|我家|屋里|卫生间|厕所|厨房|阳台|客厅|卧室|房间|窗户|外墙|楼层|[一二三四五六七八九十\d]+楼|"
    r"[一二三四五六七八九十\d]+层|门口|路边|路口|拐角|院子|小区里|后面|旁边"
)
# A question ("地库车位管理费一个月多少") or talk about money names a place without saying where a problem is.
_NOT_WHERE = re.compile(r"多少|怎么|为什么|为啥|能不能|可不可以|是不是|几[个块月天号]|[吗呢么][?？!！。]*$|[?？]|"
                        r"费|钱|缴|交费")
_VAGUE_PLACE = re.compile(r"^(?:就|在|是)?(?:这里|那里|这儿|那儿|这边|那边|附近|旁边|这|那|哪|随便)(?:吧|啊|呀|呢)?$")
_PLACE_LEAD = re.compile(r"^(?:就是|就在|位置是|地点是|地方是|在|是)\s*")
MAX_PLACE_CHARS = 60
# "3号楼2单元1502室" is three characters longer than "3栋2单元1502": longer answers say more than the unit.
UNIT_SPELLING_SLACK = 3


def place_in_report(text: str) -> str | None:
    """The place a report names up front, as staff need it: "3栋2单元的电梯坏了" → "3栋2单元电梯",
    "地下车库B区的灯不亮" → "地下车库B区". None when the report names no findable place ("楼上漏水")."""
    text = _clean(text)
    if unit := normalize_unit(text):
        return unit
    if match := _PLACE_IN_REPORT.search(text):
        place = re.sub(r"\s+", "", match.group(0)).replace("的", "")
        return place
    if match := _AREA_IN_REPORT.search(text):
        return match.group(0)
    return None


def place_answer(text: str) -> str | None:
    """The answer to "具体在什么位置呢？" when it says where, in the owner's words ("就是3栋那个电梯" →
    "3栋那个电梯"); None when it does not ("不知道", "这边", "你们自己看").
    """
    text = _clean(text).strip(" ，,。.!！~～")
    if not text or _VAGUE_PLACE.match(text) or _NOT_WHERE.search(text) or not _PLACE_WORDS.search(text):
        return None
    words = _PLACE_LEAD.sub("", text)
    unit = normalize_unit(words)
    if unit and len(words) <= len(unit) + UNIT_SPELLING_SLACK:
        return unit  # only a unit, spelt the owner's way ("3号楼2单元1502室"): the canonical form, as on the records
    return words[:MAX_PLACE_CHARS] or None


# -------------------------------------------------------------------------------------------------- reading

def _value(kind: AnswerKind, text: str, today: date) -> Any:
    if kind is AnswerKind.DESCRIPTION:
        return clip_description(text) if is_usable_description(text) else None
    if kind is AnswerKind.CATEGORY:
        category = category_from_answer(text)
        return category.key if category else None
    if kind is AnswerKind.PLACE:
        return place_answer(text)
    if kind is AnswerKind.UNIT:
        return normalize_unit(text)
    if kind is AnswerKind.PERSON_NAME:
        return given_name(text)
    if kind is AnswerKind.FOUR_DIGITS:
        return last_four_digits(text)
    if kind is AnswerKind.DATE:
        return parse_promise_date(text, today)
    if kind is AnswerKind.MONTH_COUNT:
        return parse_plan_months(text)
    raise ValueError(f"unknown answer kind {kind!r}")


def read_answer(text: str, kind: AnswerKind, today: date) -> Answer:
    """How ``text`` answers a question that expects ``kind``."""
    text = _clean(text)
    if is_cancellation(text):
        return Answer(Reading.CANCEL)
    if is_dont_know(text):
        return Answer(Reading.DONT_KNOW)
    corrected, rest = split_correction(text)
    if corrected and (is_dont_know(rest) or not rest):
        return Answer(Reading.DONT_KNOW if rest else Reading.OTHER, corrected=True)
    value = _value(kind, rest, today) if rest else None
    if value is not None:
        return Answer(Reading.VALUE, value, corrected)
    return Answer(Reading.OTHER, corrected=corrected)
