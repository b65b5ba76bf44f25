"""The dialogue's machinery stays whole when intents, slots and rules are added (docs/adding-an-intent.md)."""

from pathlib import Path

import yaml

from bot.actions.base import ConcernAction
from bot.actions.fallback import INTENT_DESCRIPTIONS
from bot.domain.concerns import NOT_CONCERNS
from bot.domain.form_turns import ASIDE_INTENTS, NEITHER, SWITCH_INTENTS
from bot.names import Action, Form, Intent
from tests.support import PROJECT_ROOT, load_domain, served_actions

RULES = PROJECT_ROOT / "data" / "rules"


def _rules(path: Path) -> list[dict]:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", [])


def test_the_several_concerns_rule_lists_every_intent():
    [rule] = [r for r in _rules(RULES / "concerns.yml") if any("or" in step for step in r["steps"])]
    listed = {step["intent"] for step in rule["steps"][0]["or"]}
    assert listed == {str(i) for i in Intent}


def test_form_replies_reach_the_validator_unfiltered():
    """Intent filters on a form's slot mappings would hide replies ("不知道" is read as deny) from the validator,
    which decides from the words (bot/actions/forms.py)."""
    domain = load_domain()
    filtered = [(slot, mapping) for slot, spec in domain["slots"].items() for mapping in spec.get("mappings", [])
                if mapping.get("not_intent") or (mapping.get("intent") and any(
                    c.get("active_loop") for c in mapping.get("conditions", [])))]
    assert filtered == []
    assert not any("ignored_intents" in form for form in domain["forms"].values())


def test_only_the_concerns_reader_runs_after_every_message():
    """A custom slot mapping that names an action runs that action after every owner message."""
    domain = load_domain()
    runs = {m["action"] for spec in domain["slots"].values() for m in spec.get("mappings", []) if m.get("action")}
    assert runs == {Action.NOTE_CONCERNS}


def test_every_concern_ends_in_an_action_that_takes_up_the_next():
    """With several concerns in one message, the next one is taken up by the action that finishes the current
    one (a ConcernAction): so every concern's rule ends in one, directly or through its form's closing rule."""
    concern_actions = served_actions(ConcernAction)
    closing = {}
    starting: dict[str, str] = {}
    for path in RULES.glob("*.yml"):
        for rule in _rules(path):
            steps = rule["steps"]
            if steps[0].get("action") in set(Form) and steps[-1].get("action"):
                closing[steps[0]["action"]] = steps[-1]["action"]
            elif "intent" in steps[0] and not rule.get("condition", [{}])[0].get("active_loop"):
                starting[steps[0]["intent"]] = [s["action"] for s in steps if "action" in s][-1]
    concerns = {str(i) for i in Intent} - {str(i) for i in NOT_CONCERNS}
    assert concerns <= set(starting)
    ends = {intent: closing.get(action, action) for intent, action in starting.items() if intent in concerns}
    assert {intent: end for intent, end in ends.items() if end not in concern_actions} == {}


def test_the_two_concerns_measure_is_not_training_data():
    from bot.devtools.nlu_data import examples_by_intent, normalised

    cases = yaml.safe_load((PROJECT_ROOT / "tests" / "dialogue" / "two_concerns.yml").read_text(encoding="utf-8"))
    texts = [c["text"] for c in cases["messages"] + cases["single"]]
    trained = {normalised(e) for examples in examples_by_intent(sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")))
               .values() for e in examples}
    assert [t for t in texts if normalised(t) in trained] == []


def test_every_intent_has_its_place_when_it_interrupts_a_form():
    """A new intent must say what it does mid-form: answered in passing, a new topic, or neither
    (bot/domain/form_turns.py; ask_balance depends on binding)."""
    groups = [ASIDE_INTENTS, SWITCH_INTENTS, NEITHER, {Intent.ASK_BALANCE}]
    assert sorted(map(str, set().union(*groups))) == sorted(map(str, Intent))
    assert sum(len(g) for g in groups) == len(Intent)


def test_the_fallback_can_offer_every_concern():
    assert {str(i) for i in INTENT_DESCRIPTIONS} == {str(i) for i in Intent} - {str(i) for i in NOT_CONCERNS}
