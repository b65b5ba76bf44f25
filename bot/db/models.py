"""The property company's records, as typed SQLAlchemy 2 models.

Conventions: money is integer fen (``*_fen``); times are timezone-aware UTC in the database (shown in
Asia/Shanghai); relationships are ``lazy="raise"`` so no query happens by accident; constraint names follow
``NAMING_CONVENTION`` so Alembic migrations are stable across SQLite and PostgreSQL.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), int: Integer()}


def _enum(cls: type[StrEnum], length: int = 32) -> Enum:
    # Stored as plain strings, checked by SQLAlchemy on write (create_constraint is off, so no database CHECK):
    # portable, and adding a member (BillItem, UnitKind) needs no migration at all.
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


# A conversation id (bot.domain.conversation: "wx:<openid>", "web:<random>") in every owner-level table.
CONVERSATION_ID = String(80)


class PropertyType(StrEnum):
    RESIDENTIAL = "residential"
    COMMERCIAL = "commercial"
    PARKING = "parking"


class Role(StrEnum):
    OWNER = "owner"
    FAMILY = "family"
    TENANT = "tenant"


class UnitKind(StrEnum):
    """What a unit physically is. Flats need a building; the others may sit in a zone (B区) or nowhere named."""

    FLAT = "flat"
    SHOP = "shop"
    PARKING_SPACE = "parking_space"
    GARAGE = "garage"
    STOREROOM = "storeroom"


class BillItem(StrEnum):
    """What a bill is for, as owners read it. Companies' own wordings map here (vocabulary + BillItemAlias)."""

    PROPERTY_FEE = "物业费"
    PARKING_FEE = "车位管理费"
    PARKING_RENT = "停车费"
    SHARED_UTILITIES = "公摊水电"
    WATER = "水费"
    ELECTRICITY = "电费"
    GAS = "燃气费"
    HEATING = "供暖费"
    GARBAGE = "垃圾清运费"
    RENT = "租金"
    DEPOSIT = "押金"
    MAINTENANCE_FUND = "维修基金"
    LATE_FEE = "违约金"
    OTHER = "其他费用"


class PlanState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class PromiseState(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    BROKEN = "broken"


class GrievanceStatus(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"


class IncompleteReason(StrEnum):
    """Why a ticket was recorded without all its details (staff complete it): nothing an owner reported is lost."""

    OWNER_DID_NOT_KNOW = "owner_did_not_know"  # "不知道在哪": staff ask for what is missing
    OWNER_STOPPED_ANSWERING = "owner_stopped_answering"  # changed the subject, said goodbye, or went quiet
    OWNER_ASKED_FOR_PERSON = "owner_asked_for_person"  # asked for a person before the details were in


class HandoffState(StrEnum):
    WAITING = "waiting"
    ACTIVE = "active"
    CLOSED = "closed"


class HandoffReason(StrEnum):
    """Why a conversation waits for a person (the staff console groups and filters by it)."""

    OWNER_REQUEST = "owner_request"  # 人工, 找客服
    BINDING_LOCKED = "binding_locked"  # an alert: binding was locked after repeated failures (unit or sender)
    PAYMENT_PLAN = "payment_plan"  # a 缓交/分期 request to decide
    PAYMENT_CHECK = "payment_check"  # "I already paid" and a payment was found: confirm it
    PAYMENT_NOT_FOUND = "payment_not_found"  # "I already paid" and none was found
    GRIEVANCE_UNCLEAR = "grievance_unclear"  # a report the owner could not describe to the form: a person listens


# ---------------------------------------------------------------------------------------------- communities


class Community(Base):
    """A 小区 and its own settings: how to pay, what the fee covers, discounts, reminder policy."""

    __tablename__ = "community"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    city: Mapped[str] = mapped_column(String(32), default="")
    service_phone: Mapped[str] = mapped_column(String(32), default="")
    emergency_phone: Mapped[str] = mapped_column(String(32), default="")
    # Payment channels.
    online_pay_url: Mapped[str | None] = mapped_column(String(255))
    accepts_wechat_pay: Mapped[bool] = mapped_column(Boolean, default=True)
    accepts_alipay: Mapped[bool] = mapped_column(Boolean, default=True)
    counter_address: Mapped[str] = mapped_column(String(128), default="")
    counter_hours: Mapped[str] = mapped_column(String(64), default="")
    elderly_help: Mapped[str] = mapped_column(Text, default="")
    # Discounts, as the owner reads them ("一次交清全年物业费享95折"), and the machine-readable rate.
    prepay_discount_text: Mapped[str] = mapped_column(Text, default="")
    prepay_discount_percent: Mapped[int | None] = mapped_column(Integer)
    # Reminder policy (used by the reminder engine): quiet hours in Asia/Shanghai, weekly cap, tiers in days overdue.
    reminder_quiet_start: Mapped[int] = mapped_column(Integer, default=21)
    reminder_quiet_end: Mapped[int] = mapped_column(Integer, default=9)
    reminder_weekly_cap: Mapped[int] = mapped_column(Integer, default=1)
    reminder_tiers_days: Mapped[dict[str, Any]] = mapped_column(default=lambda: {"tiers": [7, 30, 90]})

    buildings: Mapped[list["Building"]] = relationship(back_populates="community", lazy="raise")
    fee_standards: Mapped[list["FeeStandard"]] = relationship(back_populates="community", lazy="raise")


class FeeStandard(Base):
    """收费标准: fen per ㎡ per month for a property type and bill item."""

    __tablename__ = "fee_standard"
    __table_args__ = (UniqueConstraint("community_id", "property_type", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    property_type: Mapped[PropertyType] = mapped_column(_enum(PropertyType))
    item: Mapped[BillItem] = mapped_column(_enum(BillItem))
    fen_per_sqm_month: Mapped[int] = mapped_column(Integer)

    community: Mapped[Community] = relationship(back_populates="fee_standards", lazy="raise")


class ExpenseDisclosure(Base):
    """收支公示 for one period (民法典第943条): income, collection, the nine cost items, public income, fund."""

    __tablename__ = "expense_disclosure"
    __table_args__ = (UniqueConstraint("community_id", "period_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"), index=True)
    period_label: Mapped[str] = mapped_column(String(32))  # "2026年上半年"
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    fee_due_fen: Mapped[int] = mapped_column(BigInteger)
    fee_collected_fen: Mapped[int] = mapped_column(BigInteger)
    # The nine cost items of 物业服务收费管理办法第11条, keyed by bot.domain.disclosure.COST_ITEMS.
    cost_items_fen: Mapped[dict[str, Any]] = mapped_column()
    public_income_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    public_income_net_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    maintenance_fund_used_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    maintenance_fund_balance_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    published_at: Mapped[datetime] = mapped_column()


# ------------------------------------------------------------------------------------------- units, people


class Building(Base):
    __tablename__ = "building"
    __table_args__ = (UniqueConstraint("community_id", "phase", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    # 一期 and 二期 each have their own 3栋; "" when the community has no phases.
    phase: Mapped[str] = mapped_column(String(16), default="", server_default="")
    name: Mapped[str] = mapped_column(String(16))  # canonical: "3栋", "A座"

    community: Mapped[Community] = relationship(back_populates="buildings", lazy="raise")
    units: Mapped[list["Unit"]] = relationship(back_populates="building", lazy="raise")


class Unit(Base):
    """A flat, shop, parking space, garage or storeroom.

    ``label`` is the canonical form from bot.domain.units (3栋2单元1502, 车位B区304), without the phase, so an
    owner who types 3栋2单元1502 finds their flat whichever phase it is in; (phase, label) is unique per community.
    """

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("community_id", "phase", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"), index=True)
    # None for parking spaces, garages, storerooms and shops that are in no building.
    building_id: Mapped[int | None] = mapped_column(ForeignKey("building.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(16), default="", server_default="")  # canonical: "2期"
    kind: Mapped[UnitKind] = mapped_column(_enum(UnitKind), default=UnitKind.FLAT, server_default=UnitKind.FLAT.value)
    label: Mapped[str] = mapped_column(String(32))
    area_sqm: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # None: no file has said yet
    property_type: Mapped[PropertyType] = mapped_column(_enum(PropertyType), default=PropertyType.RESIDENTIAL)
    vacant: Mapped[bool] = mapped_column(Boolean, default=False)

    building: Mapped[Building] = relationship(back_populates="units", lazy="raise")


class Person(Base):
    """Someone on the company's records. People without a phone (NULL) are never merged by name: each stays
    attached to the unit it came with until a file gives the phone (the importer then completes it)."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("name", "phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)


class Occupancy(Base):
    """Who is attached to a unit on the company's records, and as what (owner, family member, tenant)."""

    __tablename__ = "occupancy"
    __table_args__ = (UniqueConstraint("unit_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role))


class WeChatBinding(Base):
    """A WeChat conversation → person → unit, with who verified it and when. Only ``wx:`` conversations are ever
    bound (the web chat is a demo). Revoked bindings are kept for the audit trail."""

    __tablename__ = "wechat_binding"
    __table_args__ = (Index("ix_wechat_binding_active", "conversation_id", "revoked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(CONVERSATION_ID)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    verified_by: Mapped[str] = mapped_column(String(64))  # "self:name+phone_last4" or "staff:<account>"
    verified_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class BindingAttempt(Base):
    """Every verification try, for the locks after repeated failures: per conversation and per unit label."""

    __tablename__ = "binding_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(CONVERSATION_ID, index=True)
    # The canonical label tried (bot.domain.units), whether or not such a unit exists; None for rows from before
    # the per-unit lock.
    unit_label: Mapped[str | None] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column()
    succeeded: Mapped[bool] = mapped_column(Boolean)


# --------------------------------------------------------------------------------------------- money


class Bill(Base):
    """What a unit owes for one item over [period_start, period_end] (inclusive; a year's charge is one bill).

    ``amount_fen`` is what is owed after concessions; ``discount_fen`` is the concession granted (优惠, 减免,
    赠送), so the list price is their sum. ``item_name`` is the company's own wording (物业费（住宅）) for staff."""

    __tablename__ = "bill"
    __table_args__ = (UniqueConstraint("unit_id", "item", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    item: Mapped[BillItem] = mapped_column(_enum(BillItem))
    item_name: Mapped[str | None] = mapped_column(String(64))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    discount_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    due_date: Mapped[date] = mapped_column(Date)


class Payment(Base):
    __tablename__ = "payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("bill.id", ondelete="SET NULL"), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    channel: Mapped[str] = mapped_column(String(32))  # wechat, alipay, counter_cash, bank_transfer, …
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    paid_at: Mapped[datetime] = mapped_column()
    cashier: Mapped[str | None] = mapped_column(String(32))  # 收银员 as the company's system recorded them


class PaymentPlan(Base):
    __tablename__ = "payment_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    months: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[PlanState] = mapped_column(_enum(PlanState), default=PlanState.REQUESTED)
    requested_at: Mapped[datetime] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by: Mapped[str | None] = mapped_column(String(64))


class PromiseToPay(Base):
    __tablename__ = "promise_to_pay"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    promised_date: Mapped[date] = mapped_column(Date)
    state: Mapped[PromiseState] = mapped_column(_enum(PromiseState), default=PromiseState.OPEN)
    created_at: Mapped[datetime] = mapped_column()


# ------------------------------------------------------------------------------------------- import


class BillItemAlias(Base):
    """A company's own fee name (卫生费, 二次供水费) → our item. ``community_id`` None: for every community."""

    __tablename__ = "bill_item_alias"
    __table_args__ = (UniqueConstraint("community_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(64))  # normalised (bot.importer.vocab.word_key)
    item: Mapped[BillItem] = mapped_column(_enum(BillItem))
    created_at: Mapped[datetime] = mapped_column()


class ImportColumnRule(Base):
    """How staff told the importer to read a column (``--map`` / ``--ignore``), kept for the next import."""

    __tablename__ = "import_column_rule"
    __table_args__ = (UniqueConstraint("community_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(64))  # the header, normalised (bot.importer.headers)
    target: Mapped[str] = mapped_column(String(32))  # a bot.importer.headers.Field value, or "ignore"
    updated_at: Mapped[datetime] = mapped_column()


# ---------------------------------------------------------------------------------------- grievances


class Grievance(Base):
    __tablename__ = "grievance"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_no: Mapped[str] = mapped_column(String(32), unique=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(CONVERSATION_ID, index=True)  # who reported it
    category: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(128), default="")
    # True when the grievance is about the service the fee pays for: reminders pause while it is open.
    about_service: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[GrievanceStatus] = mapped_column(_enum(GrievanceStatus), default=GrievanceStatus.OPEN)
    # Set when the owner did not give every detail (the location, usually): staff complete the ticket. Empty: complete.
    incomplete_reason: Mapped[IncompleteReason | None] = mapped_column(_enum(IncompleteReason), index=True)
    photos: Mapped[dict[str, Any]] = mapped_column(default=lambda: {"media_ids": []})
    created_at: Mapped[datetime] = mapped_column()
    sla_due_at: Mapped[datetime] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()


class GrievanceEvent(Base):
    """Status history of a ticket."""

    __tablename__ = "grievance_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column()
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(80))  # as AuditLog.actor
    note: Mapped[str] = mapped_column(Text, default="")


# ------------------------------------------------------------------------------- reminders, handoff, audit


class ReminderOptOut(Base):
    __tablename__ = "reminder_opt_out"
    __table_args__ = (UniqueConstraint("conversation_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(CONVERSATION_ID)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")


class Handoff(Base):
    """A conversation marked for a person to take over (the staff console comes later)."""

    __tablename__ = "handoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(CONVERSATION_ID, index=True)  # the Rasa sender id
    reason: Mapped[HandoffReason] = mapped_column(_enum(HandoffReason, length=64))
    detail: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[HandoffState] = mapped_column(_enum(HandoffState), default=HandoffState.WAITING)
    requested_at: Mapped[datetime] = mapped_column()
    taken_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column()


class AuditLog(Base):
    """Who saw or changed what. Balance views, bindings, and every write through the bot are recorded."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    # Who: a conversation id ("wx:<openid>", "web:<id>"), "staff:<account>" or "system:<job>".
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(48))
    subject: Mapped[str] = mapped_column(String(80))  # "unit:12", "grievance:GR…"
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


# ---------------------------------------------------------------------------------------------- WeChat gateway
# These tables are the WeChat adapter's own record of the platform, so they keep WeChat's raw openid (what the API
# is addressed with and the 48-hour window is counted for). Everything above the adapter uses conversation ids;
# bot.domain.conversation converts at the boundary (the gateway going in, delivery going out).


class InboxState(StrEnum):
    RECEIVED = "received"  # persisted before anything else; a crash here is picked up by the retrier
    ANSWERED = "answered"  # the bot answered (passively or through the customer-service API)
    RETRYING = "retrying"  # Rasa or the action server failed; the owner got a holding reply; tried again later
    TO_STAFF = "to_staff"  # human mode: waits in the staff queue instead of going to Rasa
    IGNORED = "ignored"  # needs no answer (unsubscribe, delivery receipts)
    FAILED = "failed"  # gave up after the retries (last_error says why); kept for staff
    INVALID = "invalid"  # signed by WeChat but a field cannot be read (e.g. a 26-digit MsgID); kept, never handled


class InboxMessage(Base):
    """Every message and event WeChat delivered, stored before it is processed, so none is lost."""

    __tablename__ = "wechat_inbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(128), unique=True)  # MsgId, or FromUserName:CreateTime:Event
    openid: Mapped[str] = mapped_column(String(64), index=True)
    msg_type: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")  # what the bot was (or will be) given
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the parsed message, for staff and retries
    received_at: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[InboxState] = mapped_column(_enum(InboxState), default=InboxState.RECEIVED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # tries started (bot.domain.inbox_retry)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)  # when a retrying row is due
    handled_at: Mapped[datetime | None] = mapped_column()


class WeChatContact(Base):
    """What the platform allows toward one follower: subscribed or not, the 48-hour window and its quota."""

    __tablename__ = "wechat_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True)
    subscribed: Mapped[bool] = mapped_column(Boolean, default=True)
    subscribed_at: Mapped[datetime | None] = mapped_column()
    unsubscribed_at: Mapped[datetime | None] = mapped_column()
    last_inbound_at: Mapped[datetime | None] = mapped_column()
    # Customer-service messages sent since last_inbound_at (the platform allows 5 per 48-hour window).
    sent_in_window: Mapped[int] = mapped_column(Integer, default=0)


class SendLog(Base):
    """Every outbound message: who, what, when, through which channel, the result and WeChat's msgid."""

    __tablename__ = "wechat_send_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(24))  # passive, customer_service, template, staff_queue
    purpose: Mapped[str] = mapped_column(String(24))  # reply, holding, welcome, reminder
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)
    result: Mapped[str] = mapped_column(String(24))  # sent, failed, fallback, skipped
    category: Mapped[str] = mapped_column(String(24), default="")  # SendResult.category or why skipped
    errcode: Mapped[int | None] = mapped_column(Integer)
    wechat_msgid: Mapped[int | None] = mapped_column(BigInteger, index=True)
    delivery_status: Mapped[str] = mapped_column(String(48), default="")  # from TEMPLATESENDJOBFINISH
    inbox_id: Mapped[int | None] = mapped_column(ForeignKey("wechat_inbox.id", ondelete="SET NULL"))
    reminder_ref: Mapped[str | None] = mapped_column(String(64))  # which reminder a template carried
