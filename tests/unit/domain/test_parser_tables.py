"""The date, amount and unit parsers against the held-out tables of tests/tables (written by a separate writer who
never saw the parsers). Every case must hold; proposals (not yet canonical) are not tested here."""

import pytest

from bot.devtools.parser_eval import expected_outcome, load_cases, ours
from bot.domain.money import parse_amount_fen
from bot.domain.units import normalize_unit

TIME_CASES = load_cases("time_expressions.yml")
AMOUNT_CASES = load_cases("amounts.yml")
UNIT_CASES = [c for c in load_cases("units.yml") if not c.get("proposal")]


def _id(case: dict) -> str:
    return f"{case['text']}@{case.get('reference_date', '')}"


def test_the_tables_are_there():
    assert len(TIME_CASES) >= 100 and AMOUNT_CASES and UNIT_CASES


@pytest.mark.parametrize("case", TIME_CASES, ids=_id)
def test_time_expression(case):
    assert ours(case["text"], case["reference_date"]) == expected_outcome(case)


@pytest.mark.parametrize("case", AMOUNT_CASES, ids=_id)
def test_amount(case):
    assert parse_amount_fen(case["text"]) == case["expected"]


@pytest.mark.parametrize("case", UNIT_CASES, ids=_id)
def test_unit(case):
    assert normalize_unit(case["text"]) == case["expected"]
