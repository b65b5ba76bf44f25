"""Talk to a person: the conversation is queued for staff takeover with the reason, once."""

from rasa_sdk.events import EventType

from bot.actions.base import OwnerDataAction, conversation_id, latest_text
from bot.db.models import HandoffReason
from bot.names import Action as A
from bot.names import Response
from bot.services.binding import home_unit

FALLBACK_PHONE = "（见小区公告栏）"


class ActionRequestHuman(OwnerDataAction):
    def name(self) -> str:
        return A.REQUEST_HUMAN

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        who = conversation_id(tracker)
        _, created = services.handoffs.request(who, HandoffReason.OWNER_REQUEST, latest_text(tracker))
        unit = home_unit(services.binding.bound_units(who))
        channels = services.communities.channels(unit.community_id) if unit else None
        service_phone = (channels.service_phone if channels else "") or FALLBACK_PHONE
        emergency_phone = (channels.emergency_phone if channels else "") or FALLBACK_PHONE
        if created:
            dispatcher.utter_message(response=Response.REQUEST_HUMAN_QUEUED, service_phone=service_phone,
                                     emergency_phone=emergency_phone)
        else:
            dispatcher.utter_message(response=Response.REQUEST_HUMAN_ALREADY, emergency_phone=emergency_phone)
        return []
