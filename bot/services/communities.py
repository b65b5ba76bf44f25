"""A community's own facts for owners: how to pay, discounts, the latest expense disclosure."""

from dataclasses import dataclass

from sqlalchemy import select

from bot.db.models import Community, ExpenseDisclosure, Unit
from bot.services.base import Service

MAX_CONTACTS = 5


@dataclass(frozen=True)
class PaymentChannels:
    community_name: str
    online_pay_url: str | None
    accepts_wechat_pay: bool
    accepts_alipay: bool
    counter_address: str
    counter_hours: str
    elderly_help: str
    service_phone: str
    emergency_phone: str
    prepay_discount_text: str


@dataclass(frozen=True)
class ServiceContact:
    community_name: str
    service_phone: str


@dataclass(frozen=True)
class Disclosure:
    community_name: str
    period_label: str
    fee_due_fen: int
    fee_collected_fen: int
    cost_items_fen: dict[str, int]
    public_income_fen: int
    public_income_net_fen: int
    maintenance_fund_used_fen: int
    maintenance_fund_balance_fen: int


class CommunityService(Service):
    def channels(self, community_id: int) -> PaymentChannels | None:
        with self.transaction() as session:
            c = session.get(Community, community_id)
            if c is None:
                return None
            return PaymentChannels(c.name, c.online_pay_url, c.accepts_wechat_pay, c.accepts_alipay,
                                   c.counter_address, c.counter_hours, c.elderly_help, c.service_phone,
                                   c.emergency_phone, c.prepay_discount_text)

    def service_contacts(self, unit_label: str | None) -> list[ServiceContact]:
        """Whom a person who cannot bind online should call: the service centres of the communities that have a
        unit with this label, else every community's (a label nobody has still gets a real number). Communities
        without a service phone on record are left out, so no placeholder is ever shown as a number."""
        with self.transaction() as session:
            with_phone = Community.service_phone != ""
            rows = []
            if unit_label:
                rows = session.execute(
                    select(Community.name, Community.service_phone).join(Unit, Unit.community_id == Community.id)
                    .where(Unit.label == unit_label, with_phone).distinct().order_by(Community.name)
                    .limit(MAX_CONTACTS)).all()
            if not rows:
                rows = session.execute(select(Community.name, Community.service_phone).where(with_phone)
                                       .order_by(Community.id).limit(MAX_CONTACTS)).all()
            return [ServiceContact(name, phone) for name, phone in rows]

    def latest_disclosure(self, community_id: int) -> Disclosure | None:
        with self.transaction() as session:
            row = session.execute(
                select(ExpenseDisclosure, Community.name)
                .join(Community, Community.id == ExpenseDisclosure.community_id)
                .where(ExpenseDisclosure.community_id == community_id)
                .order_by(ExpenseDisclosure.period_end.desc()).limit(1)
            ).first()
            if row is None:
                return None
            d, name = row
            return Disclosure(name, d.period_label, d.fee_due_fen, d.fee_collected_fen,
                              {k: int(v) for k, v in d.cost_items_fen.items()}, d.public_income_fen,
                              d.public_income_net_fen, d.maintenance_fund_used_fen, d.maintenance_fund_balance_fen)
