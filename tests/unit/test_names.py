"""bot/names.py and the domain YAML spell every name the same way, both directions."""

from bot import names
from tests.support import load_domain, served_actions

RASA_BUILTIN_ACTIONS = {"action_listen", "action_deactivate_loop"}


def _as_set(items):
    return {str(item) for item in items}


def test_intents_match_domain():
    domain = load_domain()
    assert _as_set(domain["intents"]) == _as_set(names.Intent)


CORE_INTENTS = {
    "greet", "goodbye", "thank", "affirm", "deny", "ask_payment_methods", "ask_balance",
    "ask_nonpayment_consequence", "complain_fee", "ask_fee_usage", "report_issue", "request_payment_plan",
    "promise_to_pay", "claim_paid", "ask_discount", "request_human", "stop_reminders", "ask_invoice", "bind_unit",
    "out_of_scope",
}


def test_the_twenty_core_intents_keep_their_names_and_are_trained():
    # Reports and dashboards key on these names (issue 2); later intents are added beside them.
    assert _as_set(names.TRAINED_INTENTS) >= CORE_INTENTS
    assert _as_set(names.TRAINED_INTENTS) - CORE_INTENTS == {"ask_ticket_status"}


def test_entities_match_domain():
    assert _as_set(load_domain()["entities"]) == _as_set(names.Entity)


def test_slots_match_domain():
    domain_slots = set(load_domain()["slots"])
    assert domain_slots | {"requested_slot"} == _as_set(names.Slot)


def test_forms_match_domain():
    assert set(load_domain()["forms"]) == _as_set(names.Form)


def test_custom_actions_match_domain():
    domain_actions = set(load_domain()["actions"])
    assert domain_actions == _as_set(names.CUSTOM_ACTIONS)
    assert _as_set(names.Action) == domain_actions | RASA_BUILTIN_ACTIONS


def test_every_form_has_a_validator():
    for form in names.Form:
        assert f"validate_{form}" in _as_set(names.CUSTOM_ACTIONS)


def test_responses_match_domain():
    assert set(load_domain()["responses"]) == _as_set(names.Response)


def test_every_custom_action_is_served():
    """rasa-sdk finds an Action subclass for every custom action the domain declares."""
    from rasa_sdk import Action

    served = served_actions(Action)
    assert served == _as_set(names.CUSTOM_ACTIONS)
