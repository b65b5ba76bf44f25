""""I already paid": look for the payment; thank the owner if it is there, otherwise hand to a person with the
reference or receipt photo the owner sends next."""

from rasa_sdk.events import EventType

from bot.actions.base import OwnerDataAction, conversation_id, latest_text, units_text
from bot.db.models import HandoffReason
from bot.domain.money import format_fen
from bot.names import Action as A
from bot.names import Response
from bot.render.dates import local_time

CHANNEL_NAMES = {"wechat": "微信", "alipay": "支付宝", "counter_cash": "前台现金", "counter_card": "前台刷卡",
                 "bank_transfer": "银行转账"}


class ActionCheckPayment(OwnerDataAction):
    def name(self) -> str:
        return A.CHECK_PAYMENT

    def act(self, dispatcher, tracker, services) -> list[EventType]:
        who = conversation_id(tracker)
        owned = services.binding.owned_units(who)
        if not owned:
            services.handoffs.request(who, HandoffReason.PAYMENT_CHECK, latest_text(tracker))
            dispatcher.utter_message(response=Response.CLAIM_PAID_UNVERIFIED)
            return []
        found = services.arrears.recent_payments([u.unit_id for u in owned])
        if not found:
            services.handoffs.request(who, HandoffReason.PAYMENT_NOT_FOUND, latest_text(tracker))
            dispatcher.utter_message(response=Response.PAYMENT_NOT_FOUND)
            return []
        lines = "\n".join(
            f"· {local_time(p.paid_at)} {CHANNEL_NAMES.get(p.channel, p.channel)} {format_fen(p.amount_fen)}"
            for p in found[:3])
        dispatcher.utter_message(response=Response.PAYMENT_FOUND, payments_text=lines)
        statements = services.balances.statements(who, [u.unit_id for u in owned])
        still_due = [s for s in statements if s.statement.outstanding_fen > 0]
        if still_due:
            dispatcher.utter_message(response=Response.PAYMENT_STILL_DUE,
                                     unit_list=units_text([s.unit for s in still_due]),
                                     amount=format_fen(sum(s.statement.outstanding_fen for s in still_due)))
        return []
