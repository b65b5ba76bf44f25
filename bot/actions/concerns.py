"""Several concerns in one message ("我下周交，但电梯的事你们得先修", "物业费太贵了，我到底欠多少"), taken one at a
time, in the order written.

``action_note_concerns`` runs after every owner message (it fills the ``pending_concerns`` slot through a custom
slot mapping): when the message divides into clauses that Rasa's NLU reads as different concerns, it queues them.
With no form waiting, the rule in data/rules/concerns.yml then runs ``action_take_concerns_in_turn``, which hands
the first concern to the dialogue as if the owner had just said it; every action that finishes a concern
(:class:`bot.actions.base.ConcernAction`) takes up the next. During a form, the first concern is the form's answer
and the rest wait until the form is done.
"""

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import container
from bot.actions.base import ConcernAction, latest_text
from bot.domain.concerns import Clause, Concern, clauses, concerns
from bot.names import Action as A
from bot.names import Slot
from bot.rasa_client import RasaRefused, RasaUnavailable

log = logging.getLogger(__name__)


def _intent(parse: dict[str, Any]) -> tuple[str | None, float]:
    intent = parse.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


class ActionNoteConcerns(Action):
    def name(self) -> str:
        return A.NOTE_CONCERNS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        parts = clauses(latest_text(tracker))
        if len(parts) < 2:
            return []
        nlu = container.get().nlu
        try:
            parsed = await asyncio.gather(*(nlu.parse(part) for part in parts))
        except RasaRefused as error:
            # A configuration error (docs/security.md): said loudly, and the message is still handled whole.
            log.error("could not read the clauses of a message: %s", error)
            return []
        except RasaUnavailable as error:
            # Without the clauses the message is handled whole, as the NLU read it: nothing is lost but order.
            log.warning("could not read the clauses of a message: %s", error)
            return []
        found = concerns([Clause(part, *_intent(parse)) for part, parse in zip(parts, parsed, strict=True)])
        if len(found) < 2:
            return []
        message_id = (tracker.latest_message or {}).get("message_id")
        queued = [await self._queued(concern, parsed, nlu, message_id) for concern in found]
        if tracker.active_loop.get("name"):
            # The first concern answers the form's question; the others wait until the form is done.
            return [SlotSet(Slot.PENDING_CONCERNS, queued[1:])]
        return [SlotSet(Slot.PENDING_CONCERNS, queued), SlotSet(Slot.SEVERAL_CONCERNS, True)]

    @staticmethod
    async def _queued(concern: Concern, parsed: list[dict[str, Any]], nlu, message_id: str | None) -> dict[str, Any]:
        if len(concern.clause_indexes) == 1:
            parse = parsed[concern.clause_indexes[0]]
        else:  # clauses joined into one concern are read together, so their entities come along
            try:
                parse = await nlu.parse(concern.text)
            except RasaUnavailable:
                parse = parsed[concern.clause_indexes[0]]
        return {"text": concern.text, "parse_data": {**parse, "text": concern.text}, "message_id": message_id}


class ActionTakeConcernsInTurn(ConcernAction):
    """Starts on the first of several concerns (ConcernAction hands it to the dialogue)."""

    def name(self) -> str:
        return A.TAKE_CONCERNS_IN_TURN

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return [SlotSet(Slot.SEVERAL_CONCERNS, None)]
