"""Every intent, entity, slot, form, action and response name, spelled once.

The domain YAML under ``bot/intents/`` must agree with this module; ``tests/unit/test_names.py`` checks both ways.
Reports and dashboards key on the intent names, so renaming one is a migration, not a refactor.
"""

from enum import StrEnum


class Intent(StrEnum):
    GREET = "greet"
    GOODBYE = "goodbye"
    THANK = "thank"
    AFFIRM = "affirm"
    DENY = "deny"
    ASK_PAYMENT_METHODS = "ask_payment_methods"
    ASK_BALANCE = "ask_balance"
    ASK_NONPAYMENT_CONSEQUENCE = "ask_nonpayment_consequence"
    COMPLAIN_FEE = "complain_fee"
    ASK_FEE_USAGE = "ask_fee_usage"
    REPORT_ISSUE = "report_issue"
    REQUEST_PAYMENT_PLAN = "request_payment_plan"
    PROMISE_TO_PAY = "promise_to_pay"
    CLAIM_PAID = "claim_paid"
    ASK_DISCOUNT = "ask_discount"
    REQUEST_HUMAN = "request_human"
    STOP_REMINDERS = "stop_reminders"
    ASK_INVOICE = "ask_invoice"
    BIND_UNIT = "bind_unit"
    OUT_OF_SCOPE = "out_of_scope"
    # Never trained on: predicted by FallbackClassifier, or sent by the app itself for an empty message
    # (owners cannot send "/intent" commands: bot.text_input strips the leading slash).
    NLU_FALLBACK = "nlu_fallback"
    EMPTY_MESSAGE = "empty_message"


# The 20 intents the NLU is trained and evaluated on.
TRAINED_INTENTS = tuple(i for i in Intent if i not in (Intent.NLU_FALLBACK, Intent.EMPTY_MESSAGE))


class Entity(StrEnum):
    UNIT = "unit"
    PHONE = "phone"
    PERIOD = "period"
    AMOUNT = "amount"
    DATE = "date"


class Slot(StrEnum):
    # Filled from entities.
    UNIT = "unit"
    PHONE = "phone"
    PERIOD = "period"
    AMOUNT = "amount"
    DATE = "date"
    # Form slots.
    PROMISE_DATE = "promise_date"
    PLAN_MONTHS = "plan_months"
    GRIEVANCE_DESCRIPTION = "grievance_description"
    GRIEVANCE_LOCATION = "grievance_location"
    # The intent offered by the fallback's "您是想……吗？", followed if the owner says yes.
    SUGGESTED_INTENT = "suggested_intent"
    # Rasa's own.
    REQUESTED_SLOT = "requested_slot"


class Form(StrEnum):
    BIND_UNIT = "bind_unit_form"
    PROMISE = "promise_form"
    PAYMENT_PLAN = "payment_plan_form"
    GRIEVANCE = "grievance_form"


class Action(StrEnum):
    # Rasa default actions we override or call.
    SESSION_START = "action_session_start"
    DEFAULT_FALLBACK = "action_default_fallback"
    DEACTIVATE_LOOP = "action_deactivate_loop"
    LISTEN = "action_listen"
    # Our own.
    HANDLE_UNCLEAR = "action_handle_unclear"
    FOLLOW_SUGGESTION = "action_follow_suggestion"
    CHECK_BALANCE = "action_check_balance"
    CONFIRM_PROMISE = "action_confirm_promise"
    SUBMIT_PAYMENT_PLAN = "action_submit_payment_plan"
    SUBMIT_GRIEVANCE = "action_submit_grievance"
    VALIDATE_BIND_UNIT_FORM = "validate_bind_unit_form"
    VALIDATE_PROMISE_FORM = "validate_promise_form"
    VALIDATE_PAYMENT_PLAN_FORM = "validate_payment_plan_form"
    VALIDATE_GRIEVANCE_FORM = "validate_grievance_form"


# Actions that the action server must serve (Rasa's built-ins are excluded).
CUSTOM_ACTIONS = (
    Action.SESSION_START,
    Action.DEFAULT_FALLBACK,
    Action.HANDLE_UNCLEAR,
    Action.FOLLOW_SUGGESTION,
    Action.CHECK_BALANCE,
    Action.CONFIRM_PROMISE,
    Action.SUBMIT_PAYMENT_PLAN,
    Action.SUBMIT_GRIEVANCE,
    Action.VALIDATE_BIND_UNIT_FORM,
    Action.VALIDATE_PROMISE_FORM,
    Action.VALIDATE_PAYMENT_PLAN_FORM,
    Action.VALIDATE_GRIEVANCE_FORM,
)


class Response(StrEnum):
    SESSION_WELCOME = "utter_session_welcome"
    GREET = "utter_greet"
    GOODBYE = "utter_goodbye"
    THANK = "utter_thank"
    ANYTHING_ELSE = "utter_anything_else"
    OUT_OF_SCOPE = "utter_out_of_scope"
    EMPTY_MESSAGE = "utter_empty_message"
    ASK_AFFIRMATION = "utter_ask_affirmation"
    ASK_REPHRASE = "utter_ask_rephrase"
    DEFAULT = "utter_default"
    PAYMENT_METHODS = "utter_payment_methods"
    BALANCE_NEEDS_VERIFICATION = "utter_balance_needs_verification"
    BALANCE_UNIT_NOTED = "utter_balance_unit_noted"
    NONPAYMENT_CONSEQUENCE = "utter_nonpayment_consequence"
    COMPLAIN_FEE = "utter_complain_fee"
    FEE_USAGE = "utter_fee_usage"
    DISCOUNT = "utter_discount"
    INVOICE = "utter_invoice"
    CLAIM_PAID = "utter_claim_paid"
    STOP_REMINDERS = "utter_stop_reminders"
    REQUEST_HUMAN = "utter_request_human"
    ASK_UNIT = "utter_ask_unit"
    BIND_UNIT_RECEIVED = "utter_bind_unit_received"
    UNIT_INVALID = "utter_unit_invalid"
    ASK_PROMISE_DATE = "utter_ask_promise_date"
    PROMISE_DATE_INVALID = "utter_promise_date_invalid"
    PROMISE_CONFIRMED = "utter_promise_confirmed"
    ASK_PLAN_MONTHS = "utter_ask_plan_months"
    PLAN_MONTHS_INVALID = "utter_plan_months_invalid"
    PAYMENT_PLAN_EMPATHY = "utter_payment_plan_empathy"
    PAYMENT_PLAN_RECEIVED = "utter_payment_plan_received"
    ASK_GRIEVANCE_DESCRIPTION = "utter_ask_grievance_description"
    ASK_GRIEVANCE_LOCATION = "utter_ask_grievance_location"
    GRIEVANCE_EMPATHY = "utter_grievance_empathy"
    GRIEVANCE_RECEIVED = "utter_grievance_received"
