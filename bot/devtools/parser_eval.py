"""The date, amount and unit parsers scored on their held-out tables (``tests/tables/``, written by a separate
writer who never saw the parsers), beside established libraries where they exist (``bot.devtools.date_libraries``).

    python -m bot.devtools.parser_eval      # prints the figures; ``make eval`` includes them

A date case expects a day (``YYYY-MM-DD``), ``ask`` (no day can be fixed) or ``past`` (the day has gone by).
"""

import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import yaml

from bot.devtools.paths import TABLES_DIR
from bot.domain import dates as _dates
from bot.domain.money import parse_amount_fen
from bot.domain.units import normalize_unit

DATE_TARGET = 0.98
AMOUNT_TARGET = 1.0
UNIT_TARGET = 1.0

# A reader answers a case with "YYYY-MM-DD", "ask" or "past".
DateReader = Callable[[str, date], str]


def load_cases(name: str) -> list[dict]:
    path = TABLES_DIR / name
    if not path.exists():
        return []
    cases = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases", [])
    # YAML reads a bare 13812345678 as a number; every case is text an owner typed.
    return [{**case, "text": str(case["text"])} for case in cases]


def expected_outcome(case: dict) -> str:
    value = case["expected"]
    return value.isoformat() if isinstance(value, date) else str(value)


def ours(text: str, today: date) -> str:
    reading = _dates.read_promise_date(text, today)
    return reading.day.isoformat() if reading.outcome is _dates.DateOutcome.DAY else str(reading.outcome)


@dataclass
class DateScore:
    name: str
    right: int = 0
    total: int = 0
    by_family: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    wrong: list[tuple[dict, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def score_dates(name: str, reader: DateReader, cases: list[dict]) -> DateScore:
    import time

    score = DateScore(name)
    started = time.monotonic()
    for case in cases:
        try:
            got = reader(case["text"], case["reference_date"])
        except Exception as error:  # a library that crashes on a case gets it wrong, and the run goes on
            got = f"error: {type(error).__name__}"
        ok = got == expected_outcome(case)
        score.right += ok
        score.total += 1
        family = score.by_family[case.get("family", "-")]
        family[0] += ok
        family[1] += 1
        if not ok:
            score.wrong.append((case, got))
    score.seconds = time.monotonic() - started
    return score


@dataclass
class ParserResults:
    lines: list[str]
    checks: list[tuple[str, bool]]
    figures: dict


def _normaliser_rows(cases: list[dict], parse: Callable[[str], object]) -> tuple[int, list[tuple[dict, object]]]:
    wrong = [(case, got) for case in cases if (got := parse(case["text"])) != case["expected"]]
    return len(cases) - len(wrong), wrong


def evaluate(readers: dict[str, DateReader] | None = None) -> ParserResults:
    """Our parsers on every table that exists; ``readers`` adds other date readers to compare on the time table."""
    lines, checks, figures = ["## Dates, amounts and units on their held-out tables (tests/tables)", ""], [], {}
    date_cases = load_cases("time_expressions.yml")
    if date_cases:
        scored = [score_dates("bot.domain.dates", ours, date_cases)]
        if readers is None:
            from bot.devtools.date_libraries import available_readers

            readers = available_readers()
        scored += [score_dates(name, reader, date_cases) for name, reader in readers.items()]
        families = sorted({c.get("family", "-") for c in date_cases})
        lines += [f"Time expressions: {len(date_cases)} cases.", "",
                  "| reader | right | share | ms per case | " + " | ".join(families) + " |",
                  "|---|---:|---:|---:|" + "---:|" * len(families)]
        for s in scored:
            cells = [f"{s.by_family[f][0]}/{s.by_family[f][1]}" for f in families]
            lines.append(f"| {s.name} | {s.right}/{s.total} | {s.share:.1%} | {1000 * s.seconds / s.total:.1f} | "
                         + " | ".join(cells) + " |")
        ours_score = scored[0]
        lines += ["", "Cases `bot.domain.dates` gets wrong:", ""]
        lines += [f"- {c['text']} (said {c['reference_date']}): expected {expected_outcome(c)}, got {got}"
                  for c, got in ours_score.wrong] or ["- none"]
        lines.append("")
        checks.append((f"dates: {ours_score.right}/{ours_score.total} = {ours_score.share:.1%} of the time table "
                       f"right ≥ {DATE_TARGET:.0%}", ours_score.share >= DATE_TARGET))
        figures["dates"] = {s.name: {"right": s.right, "total": s.total} for s in scored}
    for table, parse, target, key in (("amounts.yml", parse_amount_fen, AMOUNT_TARGET, "amounts"),
                                      ("units.yml", normalize_unit, UNIT_TARGET, "units")):
        cases = load_cases(table)
        if not cases:
            continue
        core = [c for c in cases if not c.get("proposal")]
        proposals = [c for c in cases if c.get("proposal")]
        right, wrong = _normaliser_rows(core, parse)
        proposal_right, _ = _normaliser_rows(proposals, parse)
        share = right / len(core)
        lines.append(f"{key.capitalize()}: {right}/{len(core)} = {share:.1%} right (target {target:.0%})"
                     + (f"; proposals (not yet canonical) {proposal_right}/{len(proposals)}" if proposals else "")
                     + ".")
        lines += [f"- {c['text']}: expected {c['expected']}, got {got}" for c, got in wrong]
        lines.append("")
        checks.append((f"{key}: {right}/{len(core)} = {share:.1%} of the table right ≥ {target:.0%}",
                       share >= target))
        figures[key] = {"right": right, "total": len(core), "proposals_right": proposal_right,
                        "proposals": len(proposals)}
    if not checks:
        lines.append(f"No tables under {TABLES_DIR} yet.")
    return ParserResults(lines, checks, figures)


def main() -> int:
    results = evaluate()
    print("\n".join(results.lines))
    for text, ok in results.checks:
        print(f"{'PASS' if ok else 'MISS'}: {text}")
    return 0 if all(ok for _, ok in results.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
