"""Reading an owner's reply as the kind of answer a form asked for."""

from datetime import date

import pytest

from bot.domain.answers import (
    Answer,
    AnswerKind,
    Reading,
    is_cancellation,
    is_dont_know,
    place_answer,
    place_in_report,
    read_answer,
    split_correction,
)

TUESDAY = date(2026, 12, 1)
K = AnswerKind


@pytest.mark.parametrize("text", ["不知道", "不知道啊", "不清楚", "记不得了", "我不记得登记的名字了", "忘了",
                                  "想不起来了", "说不上来", "不是很清楚", "我也不知道具体在哪", "不太确定哪天",
                                  "不知道算哪类", "不方便说"])
def test_dont_know(text):
    assert is_dont_know(text)


@pytest.mark.parametrize("text", ["知道了", "不知道物业费怎么交", "不清楚收费标准能解释下吗", "张伟", "3栋"])
def test_saying_more_than_dont_know(text):
    assert not is_dont_know(text)


@pytest.mark.parametrize("text", ["算了不报了", "算了", "不用了，谢谢", "不报了", "取消吧", "先不弄了", "不交了",
                                  "以后再说吧", "不需要了"])
def test_cancellation(text):
    assert is_cancellation(text)


@pytest.mark.parametrize("text", ["取消提醒", "不用交物业费吗", "算了算了我下周交", "不报了？那谁来修"])
def test_not_only_a_cancellation(text):
    assert not is_cancellation(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("不是，是下周五", (True, "下周五")),
    ("不对，改成15号", (True, "15号")),
    ("说错了，是月底", (True, "月底")),
    ("不是三个月，是六个月", (True, "六个月")),
    ("不是1502，是1503", (True, "1503")),
    ("不对，我是说下周五", (True, "下周五")),
    ("改成下个月", (True, "下个月")),
    ("不对", (True, "")),
    ("下周五", (False, "下周五")),
    ("不是很方便", (True, "很方便")),
])
def test_split_correction(text, expected):
    assert split_correction(text) == expected


@pytest.mark.parametrize(("text", "place"), [
    ("3栋2单元的电梯坏了好几天了", "3栋2单元电梯"),
    ("12号楼801卫生间漏水", "12栋801"),
    ("地下车库B区的灯不亮", "地下车库B区"),
    ("东门的道闸坏了", "东门"),
    ("二号楼电梯又停了", "二号楼电梯"),
    ("5栋楼道灯坏了", "5栋楼道"),
])
def test_place_in_a_report(text, place):
    assert place_in_report(text) == place


@pytest.mark.parametrize("text", ["电梯坏了", "楼上漏水到我家", "晚上太吵了", "物业费太贵"])
def test_a_report_without_a_findable_place(text):
    assert place_in_report(text) is None


@pytest.mark.parametrize(("text", "place"), [
    ("就是3栋那个电梯", "3栋那个电梯"), ("楼道里", "楼道里"), ("地下车库", "地下车库"), ("1502", "1502"),
    ("在小区东门", "小区东门"), ("我家卫生间", "我家卫生间"), ("5楼", "5楼"),
    ("3号楼2单元1502室", "3栋2单元1502"), ("5号楼3单元502室门口", "5号楼3单元502室门口"),
])
def test_place_answers(text, place):
    assert place_answer(text) == place


@pytest.mark.parametrize("text", ["这边", "就那儿", "不知道", "你们自己看", "好的", "", "地库车位管理费一个月多少",
                                  "电梯什么时候修好？", "楼下那个缴费点在哪"])
def test_not_place_answers(text):
    assert place_answer(text) is None


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("不知道啊", K.PLACE, Answer(Reading.DONT_KNOW)),
    ("算了不报了", K.PLACE, Answer(Reading.CANCEL)),
    ("就是3栋那个电梯", K.PLACE, Answer(Reading.VALUE, "3栋那个电梯")),
    ("不对，是5栋2单元", K.PLACE, Answer(Reading.VALUE, "5栋2单元", corrected=True)),
    ("怎么交物业费", K.PLACE, Answer(Reading.OTHER)),
    ("我下周三交", K.DATE, Answer(Reading.VALUE, date(2026, 12, 9))),
    ("不是，是下周五", K.DATE, Answer(Reading.VALUE, date(2026, 12, 11), corrected=True)),
    ("等发工资", K.DATE, Answer(Reading.OTHER)),
    ("不对", K.DATE, Answer(Reading.OTHER, corrected=True)),
    ("不是三个月，是六个月", K.MONTH_COUNT, Answer(Reading.VALUE, 6, corrected=True)),
    ("分几期都行", K.MONTH_COUNT, Answer(Reading.OTHER)),
    ("我不记得登记的名字了", K.PERSON_NAME, Answer(Reading.DONT_KNOW)),
    ("我叫张伟", K.PERSON_NAME, Answer(Reading.VALUE, "张伟")),
    ("我是他老婆", K.PERSON_NAME, Answer(Reading.OTHER)),
    ("尾号5678", K.FOUR_DIGITS, Answer(Reading.VALUE, "5678")),
    ("记不清了", K.FOUR_DIGITS, Answer(Reading.DONT_KNOW)),
    ("3号楼2单元1502室", K.UNIT, Answer(Reading.VALUE, "3栋2单元1502")),
    ("我家在河边", K.UNIT, Answer(Reading.OTHER)),
    ("4", K.CATEGORY, Answer(Reading.VALUE, "cleaning")),
    ("不知道算哪类", K.CATEGORY, Answer(Reading.DONT_KNOW)),
    ("我要报修", K.DESCRIPTION, Answer(Reading.OTHER)),
    ("楼道灯不亮", K.DESCRIPTION, Answer(Reading.VALUE, "楼道灯不亮")),
])
def test_read_answer(text, kind, expected):
    assert read_answer(text, kind, TUESDAY) == expected
