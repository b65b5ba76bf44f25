"""tests/test_stories.yml exercises every rule and story: each intent → action step they teach appears there."""

from pathlib import Path

import yaml

from tests.support import PROJECT_ROOT


def _steps(path: Path, key: str) -> list[list[dict]]:
    return [block["steps"] for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key, [])]


def _turns(steps: list[dict]) -> set[tuple[str, str]]:
    """(intent, first action after it) pairs, plus (action, next action) pairs for chained actions."""
    pairs, previous = set(), None
    for step in steps:
        if "intent" in step:
            previous = ("intent", step["intent"])
        elif "action" in step:
            if previous is not None:
                pairs.add((previous[1], step["action"]))
            previous = ("action", step["action"])
    return pairs


def test_every_rule_and_story_turn_is_tested():
    taught = set()
    for path in (PROJECT_ROOT / "data" / "rules").glob("*.yml"):
        for steps in _steps(path, "rules"):
            taught |= _turns(steps)
    for path in (PROJECT_ROOT / "data" / "stories").glob("*.yml"):
        for steps in _steps(path, "stories"):
            taught |= _turns(steps)
    tested = set()
    for steps in _steps(PROJECT_ROOT / "tests" / "test_stories.yml", "stories"):
        tested |= _turns(steps)
    assert sorted(taught - tested) == []
