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
    # Added with owner data: "what happened to my ticket".
    ASK_TICKET_STATUS = "ask_ticket_status"
    # Never trained on: predicted by FallbackClassifier, or sent by the app itself for an empty message
    # (owners cannot send "/intent" commands: bot.text_input strips the leading slash).
    NLU_FALLBACK = "nlu_fallback"
    EMPTY_MESSAGE = "empty_message"


# The intents the NLU is trained and evaluated on (the 20 of the conversational core, plus later additions).
TRAINED_INTENTS = tuple(i for i in Intent if i not in (Intent.NLU_FALLBACK, Intent.EMPTY_MESSAGE))


class Entity(StrEnum):
    UNIT = "unit"
    PHONE = "phone"
    PERIOD = "period"
    AMOUNT = "amount"
    DATE = "date"


class Slot(StrEnum):
    # Filled from entities. (No slot keeps a whole phone number: the phone entity only answers phone_last4.)
    UNIT = "unit"
    PERIOD = "period"
    AMOUNT = "amount"
    DATE = "date"
    # Form slots.
    PROMISE_DATE = "promise_date"
    PLAN_MONTHS = "plan_months"
    OWNER_NAME = "owner_name"
    PHONE_LAST4 = "phone_last4"
    GRIEVANCE_DESCRIPTION = "grievance_description"
    GRIEVANCE_CATEGORY = "grievance_category"
    GRIEVANCE_LOCATION = "grievance_location"
    # Bound to at least one unit (featurised: the balance rules depend on it).
    VERIFIED = "verified"
    # What validate_bind_unit_form found, for action_bind_unit to report.
    BIND_RESULT = "bind_result"
    # The intent offered by the fallback's "您是想……吗？", followed if the owner says yes.
    SUGGESTED_INTENT = "suggested_intent"
    # How a form ended when it did not get every answer (bot.domain.form_turns.FormOutcome), for its closing action.
    FORM_OUTCOME = "form_outcome"
    # What the last form wrote (its records' ids), so that a correction in the next message changes the same ones.
    RECORDED = "recorded"
    # Concerns of one message still to be taken up, in order (text and NLU reading of each).
    PENDING_CONCERNS = "pending_concerns"
    # True for the turn in which a message turned out to hold several concerns (featurised: a rule takes them).
    SEVERAL_CONCERNS = "several_concerns"
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
    NOTE_CONCERNS = "action_note_concerns"
    TAKE_CONCERNS_IN_TURN = "action_take_concerns_in_turn"
    EXPLAIN_NONPAYMENT = "action_explain_nonpayment"
    EXPLAIN_INVOICE = "action_explain_invoice"
    CHECK_BALANCE = "action_check_balance"
    BIND_UNIT = "action_bind_unit"
    SHOW_PAYMENT_METHODS = "action_show_payment_methods"
    RESPOND_FEE_COMPLAINT = "action_respond_fee_complaint"
    SHOW_FEE_USAGE = "action_show_fee_usage"
    SHOW_DISCOUNT = "action_show_discount"
    CONFIRM_PROMISE = "action_confirm_promise"
    SUBMIT_PAYMENT_PLAN = "action_submit_payment_plan"
    CHECK_PAYMENT = "action_check_payment"
    SUBMIT_GRIEVANCE = "action_submit_grievance"
    CHECK_TICKET_STATUS = "action_check_ticket_status"
    STOP_REMINDERS = "action_stop_reminders"
    REQUEST_HUMAN = "action_request_human"
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
    Action.NOTE_CONCERNS,
    Action.TAKE_CONCERNS_IN_TURN,
    Action.EXPLAIN_NONPAYMENT,
    Action.EXPLAIN_INVOICE,
    Action.CHECK_BALANCE,
    Action.BIND_UNIT,
    Action.SHOW_PAYMENT_METHODS,
    Action.RESPOND_FEE_COMPLAINT,
    Action.SHOW_FEE_USAGE,
    Action.SHOW_DISCOUNT,
    Action.CONFIRM_PROMISE,
    Action.SUBMIT_PAYMENT_PLAN,
    Action.CHECK_PAYMENT,
    Action.SUBMIT_GRIEVANCE,
    Action.CHECK_TICKET_STATUS,
    Action.STOP_REMINDERS,
    Action.REQUEST_HUMAN,
    Action.VALIDATE_BIND_UNIT_FORM,
    Action.VALIDATE_PROMISE_FORM,
    Action.VALIDATE_PAYMENT_PLAN_FORM,
    Action.VALIDATE_GRIEVANCE_FORM,
)


class Response(StrEnum):
    # core.yml
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
    DATA_UNAVAILABLE = "utter_data_unavailable"
    VALUE_CORRECTED = "utter_value_corrected"
    # fees.yml
    PAYMENT_METHODS = "utter_payment_methods"
    PAYMENT_METHODS_COMMUNITY = "utter_payment_methods_community"
    BALANCE_NEEDS_VERIFICATION = "utter_balance_needs_verification"
    BALANCE_STATEMENT = "utter_balance_statement"
    BALANCE_HOW_TO_PAY = "utter_balance_how_to_pay"
    BALANCE_NOT_OWNER = "utter_balance_not_owner"
    BALANCE_UNIT_NOT_BOUND = "utter_balance_unit_not_bound"
    NONPAYMENT_CONSEQUENCE = "utter_nonpayment_consequence"
    COMPLAIN_FEE_LISTEN = "utter_complain_fee_listen"
    COMPLAIN_FEE = "utter_complain_fee"
    COMPLAIN_FEE_INVITE = "utter_complain_fee_invite"
    COMPLAIN_FEE_DISCLOSURE = "utter_complain_fee_disclosure"
    COMPLAIN_FEE_TICKET = "utter_complain_fee_ticket"
    COMPLAIN_FEE_TICKET_UNBOUND = "utter_complain_fee_ticket_unbound"
    OFFER_HUMAN = "utter_offer_human"
    FEE_USAGE = "utter_fee_usage"
    FEE_USAGE_COMMUNITY = "utter_fee_usage_community"
    DISCOUNT = "utter_discount"
    DISCOUNT_COMMUNITY = "utter_discount_community"
    INVOICE = "utter_invoice"
    # account.yml
    ASK_UNIT = "utter_ask_unit"
    ASK_OWNER_NAME = "utter_ask_owner_name"
    ASK_PHONE_LAST4 = "utter_ask_phone_last4"
    UNIT_INVALID = "utter_unit_invalid"
    OWNER_NAME_INVALID = "utter_owner_name_invalid"
    PHONE_LAST4_INVALID = "utter_phone_last4_invalid"
    BIND_MISMATCH = "utter_bind_mismatch"
    BIND_LOCKED = "utter_bind_locked"
    BIND_SUCCESS = "utter_bind_success"
    BIND_ALREADY = "utter_bind_already"
    BIND_CANCELLED = "utter_bind_cancelled"
    BIND_OTHER_WAYS = "utter_bind_other_ways"
    BIND_WECHAT_ONLY = "utter_bind_wechat_only"
    # payments.yml
    ASK_PROMISE_DATE = "utter_ask_promise_date"
    PROMISE_DATE_INVALID = "utter_promise_date_invalid"
    PROMISE_DATE_PAST = "utter_promise_date_past"
    PROMISE_DATE_TOO_FAR = "utter_promise_date_too_far"
    PROMISE_RECORDED = "utter_promise_recorded"
    PROMISE_UNBOUND = "utter_promise_unbound"
    PROMISE_ASK_PAYDAY = "utter_promise_ask_payday"
    PROMISE_CANCELLED = "utter_promise_cancelled"
    PROMISE_NO_DATE = "utter_promise_no_date"
    PROMISE_CORRECTED = "utter_promise_corrected"
    ASK_PLAN_MONTHS = "utter_ask_plan_months"
    PLAN_MONTHS_INVALID = "utter_plan_months_invalid"
    PAYMENT_PLAN_EMPATHY = "utter_payment_plan_empathy"
    PAYMENT_PLAN_RECORDED = "utter_payment_plan_recorded"
    PAYMENT_PLAN_TO_STAFF = "utter_payment_plan_to_staff"
    PAYMENT_PLAN_TO_STAFF_UNDECIDED = "utter_payment_plan_to_staff_undecided"
    PAYMENT_PLAN_CANCELLED = "utter_payment_plan_cancelled"
    PAYMENT_PLAN_CORRECTED = "utter_payment_plan_corrected"
    PAYMENT_FOUND = "utter_payment_found"
    PAYMENT_STILL_DUE = "utter_payment_still_due"
    PAYMENT_NOT_FOUND = "utter_payment_not_found"
    CLAIM_PAID_UNVERIFIED = "utter_claim_paid_unverified"
    # grievances.yml
    GRIEVANCE_EMPATHY = "utter_grievance_empathy"
    ASK_GRIEVANCE_DESCRIPTION = "utter_ask_grievance_description"
    ASK_GRIEVANCE_CATEGORY = "utter_ask_grievance_category"
    GRIEVANCE_CATEGORY_INVALID = "utter_grievance_category_invalid"
    ASK_GRIEVANCE_LOCATION = "utter_ask_grievance_location"
    GRIEVANCE_DESCRIPTION_HINT = "utter_grievance_description_hint"
    GRIEVANCE_LOCATION_HINT = "utter_grievance_location_hint"
    GRIEVANCE_TICKET_CREATED = "utter_grievance_ticket_created"
    GRIEVANCE_TICKET_NEEDS_LOCATION = "utter_grievance_ticket_needs_location"
    GRIEVANCE_TICKET_CORRECTED = "utter_grievance_ticket_corrected"
    GRIEVANCE_KEPT_INCOMPLETE = "utter_grievance_kept_incomplete"
    GRIEVANCE_KEPT_FROM_LAST_TIME = "utter_grievance_kept_from_last_time"
    GRIEVANCE_CANCELLED = "utter_grievance_cancelled"
    GRIEVANCE_TO_STAFF = "utter_grievance_to_staff"
    GRIEVANCE_REMINDERS_PAUSED = "utter_grievance_reminders_paused"
    TICKET_STATUS = "utter_ticket_status"
    NO_TICKETS = "utter_no_tickets"
    # reminders.yml
    STOP_REMINDERS_RECORDED = "utter_stop_reminders_recorded"
    STOP_REMINDERS_ALREADY = "utter_stop_reminders_already"
    # handoff.yml
    REQUEST_HUMAN_QUEUED = "utter_request_human_queued"
    REQUEST_HUMAN_ALREADY = "utter_request_human_already"
