"""Stop sending me reminders: recorded for this WeChat account (all units), honoured by the reminder engine."""

from rasa_sdk.events import EventType

from bot.actions.base import OwnerDataAction, conversation_id, latest_text
from bot.names import Action as A
from bot.names import Response


class ActionStopReminders(OwnerDataAction):
    def name(self) -> str:
        return A.STOP_REMINDERS

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        recorded = services.arrears.opt_out(conversation_id(tracker), None, latest_text(tracker))
        dispatcher.utter_message(response=Response.STOP_REMINDERS_RECORDED if recorded
                                 else Response.STOP_REMINDERS_ALREADY)
        return []
