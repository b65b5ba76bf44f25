"""The fee itself: how to pay, where the money goes, complaints, discounts — from the owner's own community.

Before binding the bot does not know the community, so it answers in general terms (never invents specifics).
"""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import ConcernAction, OwnerDataAction, conversation_id, latest_text
from bot.domain.grievance_rules import OTHER, categorise
from bot.domain.grievances import clip_description
from bot.domain.identity import may_view_statement
from bot.domain.money import format_fen
from bot.names import Action as A
from bot.names import Response
from bot.render.community import channels_text, disclosure_text, rate_text, top_items_text
from bot.render.dates import duration_text
from bot.services.binding import home_unit


class ActionExplainNonpayment(ConcernAction):
    """What happens if the fee is not paid, as the law says (the same for every community)."""

    def name(self) -> str:
        return A.EXPLAIN_NONPAYMENT

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
                     ) -> list[EventType]:
        dispatcher.utter_message(response=Response.NONPAYMENT_CONSEQUENCE)
        return []


class ActionExplainInvoice(ConcernAction):
    """How to get an invoice or a receipt."""

    def name(self) -> str:
        return A.EXPLAIN_INVOICE

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
                     ) -> list[EventType]:
        dispatcher.utter_message(response=Response.INVOICE)
        return []


class ActionShowPaymentMethods(OwnerDataAction):
    def name(self) -> str:
        return A.SHOW_PAYMENT_METHODS

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        unit = home_unit(services.binding.bound_units(conversation_id(tracker)))
        channels = services.communities.channels(unit.community_id) if unit else None
        if channels is None:
            dispatcher.utter_message(response=Response.PAYMENT_METHODS)
        else:
            dispatcher.utter_message(response=Response.PAYMENT_METHODS_COMMUNITY, community=channels.community_name,
                                     channels_text=channels_text(channels))
        return []


class ActionShowFeeUsage(OwnerDataAction):
    def name(self) -> str:
        return A.SHOW_FEE_USAGE

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        unit = home_unit(services.binding.bound_units(conversation_id(tracker)))
        disclosure = services.communities.latest_disclosure(unit.community_id) if unit else None
        if disclosure is None:
            dispatcher.utter_message(response=Response.FEE_USAGE)
        else:
            dispatcher.utter_message(response=Response.FEE_USAGE_COMMUNITY, community=disclosure.community_name,
                                     period=disclosure.period_label, disclosure_text=disclosure_text(disclosure))
        return []


class ActionShowDiscount(OwnerDataAction):
    def name(self) -> str:
        return A.SHOW_DISCOUNT

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        unit = home_unit(services.binding.bound_units(conversation_id(tracker)))
        channels = services.communities.channels(unit.community_id) if unit else None
        if channels is None or not channels.prepay_discount_text:
            dispatcher.utter_message(response=Response.DISCOUNT)
        else:
            dispatcher.utter_message(response=Response.DISCOUNT_COMMUNITY, community=channels.community_name,
                                     discount_text=channels.prepay_discount_text)
        return []


class ActionRespondFeeComplaint(OwnerDataAction):
    """Listen first; log a ticket when the complaint names a concrete service failure; then explain with the
    community's own numbers, and offer a person."""

    def name(self) -> str:
        return A.RESPOND_FEE_COMPLAINT

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        who = conversation_id(tracker)
        units = services.binding.bound_units(who)
        unit = home_unit(units)
        dispatcher.utter_message(response=Response.COMPLAIN_FEE_LISTEN)
        text = latest_text(tracker)
        category = categorise(text)
        if category is not OTHER:
            description = clip_description(text)
            ticket = services.grievances.create(who, description, "", category.key, unit)
            paused = unit is not None and category.about_service and may_view_statement(unit.role)
            dispatcher.utter_message(
                response=Response.COMPLAIN_FEE_TICKET if paused else Response.COMPLAIN_FEE_TICKET_UNBOUND,
                description=description, ticket_no=ticket.ticket_no, department=ticket.department,
                sla_text=duration_text(ticket.sla_due_at - ticket.created_at))
        disclosure = services.communities.latest_disclosure(unit.community_id) if unit else None
        if disclosure is not None:
            dispatcher.utter_message(response=Response.COMPLAIN_FEE_DISCLOSURE, community=disclosure.community_name,
                                     period=disclosure.period_label, collected=format_fen(disclosure.fee_collected_fen),
                                     rate=rate_text(disclosure), top_items=top_items_text(disclosure))
        else:
            dispatcher.utter_message(response=Response.COMPLAIN_FEE)
        dispatcher.utter_message(response=Response.OFFER_HUMAN if category is not OTHER
                                 else Response.COMPLAIN_FEE_INVITE)
        return []
