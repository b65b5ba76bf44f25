"""The date parser on cases of our own (the held-out table is scored in test_parser_tables.py)."""

from datetime import date

import pytest

from bot.domain.dates import DateOutcome, describe_date, parse_promise_date, read_promise_date

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
        ("下周末", date(2026, 12, 5)),
        ("下下个礼拜三", date(2026, 12, 9)),
        ("月底", date(2026, 11, 30)),
        ("这个月底一定交", date(2026, 11, 30)),
        ("本月底", date(2026, 11, 30)),
        ("下月初", date(2026, 12, 5)),
        ("下个月20号之前", date(2026, 12, 20)),
        ("下月十号", date(2026, 12, 10)),
        ("15号", date(2026, 12, 15)),  # the 15th has passed this month
        ("30号前", date(2026, 11, 30)),
        ("12月5日", date(2026, 12, 5)),
        ("1月10号", date(2027, 1, 10)),
        ("12月下旬", date(2026, 12, 31)),
        ("中旬", date(2026, 12, 20)),  # this month's 中旬 has passed
        ("3天后", date(2026, 11, 29)),
        ("三天之内", date(2026, 11, 29)),
        ("十天以后", date(2026, 12, 6)),
        ("两三天后", date(2026, 11, 29)),
        ("七天内", date(2026, 12, 3)),
        ("两个月后", date(2027, 1, 26)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/24", date(2026, 12, 24)),
        ("年底", date(2026, 12, 31)),
        ("腊月二十三", date(2027, 1, 30)),
        ("正月初十以后", date(2027, 2, 16)),
        ("１５号", date(2026, 12, 15)),  # full-width digits
        ("下週三", date(2026, 12, 2)),  # traditional characters
    ],
)
def test_parses_what_owners_write(text, expected):
    assert parse_promise_date(text, THURSDAY) == expected


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("", DateOutcome.ASK),
        ("我会交的", DateOutcome.ASK),
        ("发工资就交", DateOutcome.ASK),
        ("下个月吧", DateOutcome.ASK),  # a month, not a day: ask which day
        ("过段时间", DateOutcome.ASK),
        ("32号", DateOutcome.ASK),
        ("13月5日", DateOutcome.ASK),
        ("12号楼", DateOutcome.ASK),
        ("2020-01-01", DateOutcome.PAST),
        ("前天就说过了", DateOutcome.PAST),
        ("这周二", DateOutcome.PAST),
        ("500天后", DateOutcome.TOO_FAR),
    ],
)
def test_what_names_no_day_a_day_gone_or_one_too_far(text, outcome):
    assert read_promise_date(text, THURSDAY).outcome is outcome
    assert parse_promise_date(text, THURSDAY) is None


def test_month_end_in_december_and_february():
    assert parse_promise_date("月底", date(2026, 12, 3)) == date(2026, 12, 31)
    assert parse_promise_date("月底", date(2028, 2, 3)) == date(2028, 2, 29)
    assert parse_promise_date("下个月底", date(2026, 12, 3)) == date(2027, 1, 31)


def test_the_issue_11_case_names_the_15th_not_the_month_end():
    assert parse_promise_date("我下个月15号交", date(2026, 12, 1)) == date(2027, 1, 15)


def test_describe_date_names_the_weekday_and_only_a_different_year():
    assert describe_date(date(2026, 11, 30), THURSDAY) == "11月30日（周一）"
    assert describe_date(date(2027, 1, 10), THURSDAY) == "2027年1月10日（周日）"
