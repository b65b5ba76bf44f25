from datetime import date

import pytest

from bot.domain.dates import describe_date, parse_promise_date

THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天", date(2026, 11, 27)),
        ("后天交", date(2026, 11, 28)),
        ("大后天", date(2026, 11, 29)),
        ("下周五", date(2026, 12, 4)),
        ("周五", date(2026, 11, 27)),
        ("星期三", date(2026, 12, 2)),  # this week's Wednesday has passed
        ("礼拜天", date(2026, 11, 29)),
        ("这周末", date(2026, 11, 28)),
        ("月底", date(2026, 11, 30)),
        ("这个月底一定交", date(2026, 11, 30)),
        ("下个月", date(2026, 12, 31)),
        ("下月初", date(2026, 12, 5)),
        ("15号", date(2026, 12, 15)),  # the 15th has passed this month
        ("30号前", date(2026, 11, 30)),
        ("12月5日", date(2026, 12, 5)),
        ("1月10号", date(2027, 1, 10)),
        ("3天后", date(2026, 11, 29)),
        ("三天后", date(2026, 11, 29)),
        ("十天以后", date(2026, 12, 6)),
        ("2026-12-01", date(2026, 12, 1)),
        ("年底", date(2026, 12, 31)),
        ("１５号", date(2026, 12, 15)),  # full-width digits
    ],
)
def test_parses_what_owners_write(text, expected):
    assert parse_promise_date(text, THURSDAY) == expected


@pytest.mark.parametrize("text", ["", "我会交的", "发工资就交", "2020-01-01", "32号", "13月5日", "500天后", "12号楼"])
def test_no_date_past_date_or_nonsense_gives_none(text):
    assert parse_promise_date(text, THURSDAY) is None


def test_month_end_in_december_and_february():
    assert parse_promise_date("月底", date(2026, 12, 3)) == date(2026, 12, 31)
    assert parse_promise_date("月底", date(2028, 2, 3)) == date(2028, 2, 29)
    assert parse_promise_date("下个月", date(2026, 12, 3)) == date(2027, 1, 31)


def test_describe_date_names_the_weekday_and_only_a_different_year():
    assert describe_date(date(2026, 11, 30), THURSDAY) == "11月30日（周一）"
    assert describe_date(date(2027, 1, 10), THURSDAY) == "2027年1月10日（周日）"
