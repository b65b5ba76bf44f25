"""The training data and the held-out split: coverage, independence, and entity markup the extractor can find."""

from collections import Counter

import pytest

from bot.devtools.nlu_data import annotations, entity_patterns, examples_by_intent, normalised, plain_text
from bot.names import TRAINED_INTENTS, Intent
from bot.text_input import clean_owner_text
from tests.support import PROJECT_ROOT

TRAIN_FILES = sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml"))
HELDOUT_FILES = sorted((PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))
SOCIAL = {Intent.GREET, Intent.GOODBYE, Intent.THANK, Intent.AFFIRM, Intent.DENY}
TRAIN = examples_by_intent(TRAIN_FILES)
HELDOUT = examples_by_intent(HELDOUT_FILES)


def test_training_data_covers_exactly_the_trained_intents():
    assert set(TRAIN) == {str(i) for i in TRAINED_INTENTS}


@pytest.mark.parametrize("intent", TRAINED_INTENTS)
def test_enough_training_examples(intent):
    minimum = 20 if intent in SOCIAL else 40
    assert len(TRAIN[intent]) >= minimum


def test_heldout_split_covers_every_intent():
    assert set(HELDOUT) == {str(i) for i in TRAINED_INTENTS}
    assert all(len(examples) >= 15 for examples in HELDOUT.values())


def test_no_duplicates_within_training_data():
    counts = Counter(normalised(e) for examples in TRAIN.values() for e in examples)
    assert [text for text, n in counts.items() if n > 1] == []


def test_heldout_split_is_never_trained_on():
    trained = {normalised(e) for examples in TRAIN.values() for e in examples}
    leaked = [e for examples in HELDOUT.values() for e in examples if normalised(e) in trained]
    assert leaked == []


PATTERNS = entity_patterns(PROJECT_ROOT / "data" / "nlu" / "entities.yml")


def _extractable(entity: str, text: str) -> bool:
    return any(pattern.fullmatch(text) or pattern.search(text) and pattern.search(text).group(0) == text
               for pattern in PATTERNS.get(entity, []))


@pytest.mark.parametrize("files", [TRAIN_FILES, HELDOUT_FILES], ids=["train", "heldout"])
def test_every_annotated_entity_is_one_the_extractor_can_find(files):
    bad = [
        (entity, text)
        for examples in examples_by_intent(files).values()
        for example in examples
        for entity, text in annotations(example)
        if not _extractable(entity, text)
    ]
    assert bad == []


def test_training_data_is_in_the_form_the_channel_sends():
    """bot.text_input cleans every owner message (half-width, simplified, one space) before Rasa sees it, so the
    model must be trained on text in that same form; a traditional or full-width example would never be matched."""
    raw = [plain_text(e) for examples in TRAIN.values() for e in examples]
    assert [text for text in raw if clean_owner_text(text).text != text] == []


def _longest_match(entity: str, text: str) -> str | None:
    found = [m.group(0) for pattern in PATTERNS.get(entity, []) for m in pattern.finditer(text)]
    return max(found, key=len) if found else None


def test_the_unit_pattern_finds_every_unit_the_normaliser_reads():
    """The entity (what Rasa extracts) and the normaliser (what the actions store) agree on the unit table."""
    from bot.devtools.parser_eval import load_cases
    from bot.domain.units import normalize_unit

    missed = [case["text"] for case in load_cases("units.yml") if case["expected"] and not case.get("proposal")
              and normalize_unit(_longest_match("unit", clean_owner_text(case["text"]).text) or "")
              != case["expected"]]
    assert missed == []


def test_one_date_entity_spans_a_whole_date_expression():
    """下个月15号 must reach the promise form as one entity, not as 下个月 and 15号 (the form would read 下个月)."""
    for text, span in [("我下个月15号交", "下个月15号"), ("下月底交", "下月底"), ("下下周三", "下下周三"),
                       ("12月5日交", "12月5日"), ("三天之内交", "三天之内")]:
        matches = [m.group(0) for pattern in PATTERNS["date"] for m in pattern.finditer(text)]
        assert matches == [span], text
