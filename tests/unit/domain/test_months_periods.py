from datetime import date

import pytest

from bot.domain.grievances import clip_description, is_usable_description
from bot.domain.months import parse_plan_months
from bot.domain.periods import PeriodRange, normalize_period

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "months"),
    [("分3个月", 3), ("缓两个月", 2), ("半年", 6), ("3", 3), ("十二个月", 12), ("分三期", 3), ("一年", 12)],
)
def test_plan_months(text, months):
    assert parse_plan_months(text) == months


@pytest.mark.parametrize("text", ["13个月", "0个月", "最近手头紧", "", "100"])
def test_plan_months_rejects_absurd_or_missing(text):
    assert parse_plan_months(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本月", PeriodRange(date(2026, 11, 1), date(2026, 11, 30))),
        ("上个月", PeriodRange(date(2026, 10, 1), date(2026, 10, 31))),
        ("今年", PeriodRange(date(2026, 1, 1), date(2026, 12, 31))),
        ("去年", PeriodRange(date(2025, 1, 1), date(2025, 12, 31))),
        ("2025年3月", PeriodRange(date(2025, 3, 1), date(2025, 3, 31))),
        ("12月", PeriodRange(date(2025, 12, 1), date(2025, 12, 31))),  # the latest December not after today
        ("上半年", PeriodRange(date(2026, 1, 1), date(2026, 6, 30))),
    ],
)
def test_periods(text, expected):
    assert normalize_period(text, TODAY) == expected


def test_period_in_january_looks_back_a_year():
    assert normalize_period("上个月", date(2027, 1, 5)) == PeriodRange(date(2026, 12, 1), date(2026, 12, 31))
    assert normalize_period("随便", TODAY) is None


def test_grievance_descriptions():
    assert is_usable_description("3栋电梯坏了")
    assert not is_usable_description("我要报修")
    assert not is_usable_description("投诉")
    assert len(clip_description("漏" * 900)) == 500
