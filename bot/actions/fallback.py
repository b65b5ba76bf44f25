"""The two-step fallback for plain-text WeChat: "您是想……吗？" first, the offer of a person second.

Rasa's built-in TwoStageFallback expects the owner to tap a button that sends the intent; WeChat text has no
buttons, and a typed "是" would be read as ``affirm``. So the bot suggests its best guess, remembers it in the
``suggested_intent`` slot, and ``action_follow_suggestion`` replays the unclear message as that intent when the owner
says yes (the same revert-and-replay Rasa's own fallback does).
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SlotSet, UserUtteranceReverted, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from bot.names import Action as A
from bot.names import Intent, Response, Slot

# How the bot names each intent in "您是想……吗？". Social intents are never offered ("did you mean hello?"
# helps nobody): the best fee-related guess is offered instead.
INTENT_DESCRIPTIONS: dict[Intent, str] = {
    Intent.ASK_PAYMENT_METHODS: "了解怎么缴物业费",
    Intent.ASK_BALANCE: "查询物业费账单",
    Intent.ASK_NONPAYMENT_CONSEQUENCE: "了解不交物业费会怎样",
    Intent.COMPLAIN_FEE: "反映对物业收费的意见",
    Intent.ASK_FEE_USAGE: "了解物业费都用在了哪里",
    Intent.REPORT_ISSUE: "报修或反映问题",
    Intent.REQUEST_PAYMENT_PLAN: "申请缓交或分期",
    Intent.PROMISE_TO_PAY: "告诉我您打算什么时候缴费",
    Intent.CLAIM_PAID: "告诉我您已经交过了",
    Intent.ASK_DISCOUNT: "了解缴费优惠",
    Intent.REQUEST_HUMAN: "找人工客服",
    Intent.STOP_REMINDERS: "不再接收缴费提醒",
    Intent.ASK_INVOICE: "开发票或收据",
    Intent.BIND_UNIT: "绑定您的房屋",
    Intent.ASK_TICKET_STATUS: "查询您报修或投诉的进度",
}
DEFAULT_GUESS = Intent.REQUEST_HUMAN
# Unclear turns in a row after which the bot stops guessing and offers a person.
GIVE_UP_AFTER = 2


def best_guess(intent_ranking: list[dict[str, Any]]) -> Intent:
    """The highest-ranked intent we can describe; a person if none."""
    for candidate in intent_ranking or []:
        try:
            intent = Intent(candidate.get("name"))
        except ValueError:
            continue
        if intent in INTENT_DESCRIPTIONS:
            return intent
    return DEFAULT_GUESS


def _answered_with(events: list[dict[str, Any]], index: int) -> str | None:
    """The first action the bot took for the owner message at ``index``."""
    return next((e.get("name") for e in events[index + 1:]
                 if e.get("event") == "action" and e.get("name") != A.LISTEN), None)


def unclear_streak(events: list[dict[str, Any]]) -> int:
    """How many of the latest owner messages in a row the bot could not place.

    A "不是" that answers the bot's guess continues the streak; any other understood message ends it. An earlier
    message the NLU could not place but a form took as its answer ("不知道" to "具体在什么位置呢？") was understood.
    """
    streak = 0
    turns = [i for i, event in enumerate(events) if event.get("event") == "user"]
    for position, index in enumerate(reversed(turns)):
        intent = (events[index].get("parse_data") or {}).get("intent", {}).get("name")
        if intent == Intent.NLU_FALLBACK and (position == 0 or _answered_with(events, index) == A.HANDLE_UNCLEAR):
            streak += 1
        elif not (intent == Intent.DENY and streak):
            break
    return streak


class ActionHandleUnclear(Action):
    def name(self) -> str:
        return A.HANDLE_UNCLEAR

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if unclear_streak(tracker.events) >= GIVE_UP_AFTER:
            dispatcher.utter_message(response=Response.DEFAULT)
            return [SlotSet(Slot.SUGGESTED_INTENT, None)]
        guess = best_guess(tracker.latest_message.get("intent_ranking", []))
        dispatcher.utter_message(
            response=Response.ASK_AFFIRMATION, intent_description=INTENT_DESCRIPTIONS[guess]
        )
        return [SlotSet(Slot.SUGGESTED_INTENT, str(guess))]


def _last_unclear_message(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    for event in reversed(events):
        if event.get("event") == "user" and (event.get("parse_data") or {}).get("intent", {}).get(
            "name"
        ) == Intent.NLU_FALLBACK:
            return event
    return None


class ActionFollowSuggestion(Action):
    """The owner said yes to "您是想……吗？": replay their unclear message as the suggested intent."""

    def name(self) -> str:
        return A.FOLLOW_SUGGESTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        suggested = tracker.get_slot(Slot.SUGGESTED_INTENT)
        unclear = _last_unclear_message(tracker.events)
        if not suggested or unclear is None:
            dispatcher.utter_message(response=Response.ANYTHING_ELSE)
            return [SlotSet(Slot.SUGGESTED_INTENT, None)]
        parse_data = dict(unclear.get("parse_data") or {})
        parse_data["intent"] = {"name": suggested, "confidence": 1.0}
        return [
            UserUtteranceReverted(),
            SlotSet(Slot.SUGGESTED_INTENT, None),
            ActionExecuted(A.LISTEN),
            UserUttered(unclear.get("text"), parse_data=parse_data),
        ]


class ActionDefaultFallback(Action):
    """When no dialogue policy is confident: say so and offer a person."""

    def name(self) -> str:
        return A.DEFAULT_FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response=Response.DEFAULT)
        # Forget the message no policy could place so it does not steer the next prediction.
        return [UserUtteranceReverted()]
