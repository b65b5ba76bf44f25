"""What do I owe: each bound unit's open bills by item and period, what is overdue since when, how to pay now.

Only the verified owner sees figures; family members and tenants are told how to pay without the amounts.
A unit named in the message narrows the answer to that unit, if it is one of the asker's; otherwise all.
"""

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.base import OwnerDataAction, conversation_id, latest_text, today, units_text
from bot.container import Container
from bot.domain.identity import may_view_statement
from bot.domain.periods import normalize_period
from bot.domain.statement import within
from bot.domain.units import normalize_unit
from bot.names import Action as A
from bot.names import Entity, Response
from bot.render.community import channels_text
from bot.render.statements import statement_text
from bot.services.binding import BoundUnit


def tell_statements(dispatcher: CollectingDispatcher, services: Container, who: str, units: list[BoundUnit],
                    period_text: str | None = None) -> None:
    owned = [u for u in units if may_view_statement(u.role)]
    day = today()
    period = normalize_period(period_text, day) if period_text else None
    if owned:
        for item in services.balances.statements(who, [u.unit_id for u in owned]):
            statement = within(item.statement, period.start, period.end) if period else item.statement
            dispatcher.utter_message(response=Response.BALANCE_STATEMENT, unit_label=item.unit.label,
                                     community=item.unit.community_name, statement_text=statement_text(statement, day))
    for unit in (u for u in units if not may_view_statement(u.role)):
        channels = services.communities.channels(unit.community_id)
        dispatcher.utter_message(response=Response.BALANCE_NOT_OWNER, unit_label=unit.label,
                                 channels_text=channels_text(channels) if channels else "")
    if owned:
        channels = services.communities.channels(owned[0].community_id)
        if channels:
            dispatcher.utter_message(response=Response.BALANCE_HOW_TO_PAY, channels_text=channels_text(channels))


class ActionCheckBalance(OwnerDataAction):
    def name(self) -> str:
        return A.CHECK_BALANCE

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        who = conversation_id(tracker)
        units = services.binding.bound_units(who)
        if not units:
            dispatcher.utter_message(response=Response.BALANCE_NEEDS_VERIFICATION)
            return []
        entity = next(tracker.get_latest_entity_values(Entity.UNIT), None) or ""
        asked = normalize_unit(entity) or normalize_unit(latest_text(tracker))
        if asked:
            chosen = [u for u in units if u.label == asked]
            if not chosen:
                dispatcher.utter_message(response=Response.BALANCE_UNIT_NOT_BOUND, unit=asked,
                                         unit_list=units_text(units))
                return []
            units = chosen
        tell_statements(dispatcher, services, who, units, next(tracker.get_latest_entity_values(Entity.PERIOD), None))
        return []
