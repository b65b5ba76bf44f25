"""security: conversation ids carry their channel; binding attempts remember the unit; inbox retries back off

Revision ID: 0004_security
Revises: 0003_import
Create Date: 2026-12-01 10:30:00

Owner-level records were keyed by the Rasa sender id, which was a bare openid for WeChat and whatever the web chat
sent. They now hold a conversation id (bot.domain.conversation): ``wx:<openid>`` or ``web:<id>``, so the column
is renamed ``conversation_id`` and widened. Which existing ids were WeChat followers is known from the gateway's
own records (wechat_contact, wechat_inbox hold the openids WeChat really delivered); every other id came through
the web chat or the REST channel and becomes ``web:``. Bindings of web conversations are revoked (kept for the
audit trail): the web chat is a demo and is never bound to real records. Audit actors ``openid:<id>`` become the
conversation id.

Binding attempts gain the unit label tried (the lock now counts per unit across conversations as well as per
conversation). Inbox rows gain ``next_attempt_at``: retries wait longer after each failure and end ``failed``.

Self-contained on purpose: the mapping is written here, not imported, so later code changes cannot alter what
this migration did.
"""

import hashlib
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision = "0004_security"
down_revision = "0003_import"
branch_labels = None
depends_on = None

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_OLD_ACTOR = "openid:"
# Tables keyed by the sender id (all but handoff had it as "openid").
_KEYED = ("wechat_binding", "binding_attempt", "grievance", "reminder_opt_out", "handoff")


def _conversation_id(raw: str, wechat_openids: set[str]) -> str:
    if _SAFE_ID.fullmatch(raw):
        return f"wx:{raw}" if raw in wechat_openids else f"web:{raw}"
    # An id no channel of ours would build (only reachable through the unauthenticated REST channel): keep the
    # rows together under a stable web id, never under anyone's WeChat conversation.
    return f"web:legacy-{hashlib.sha1(raw.encode('utf-8')).hexdigest()[:24]}"


def _remap(connection, table: str, column: str, mapping: dict[str, str]) -> None:
    if not mapping:
        return
    t = sa.table(table, sa.column(column))
    statement = t.update().where(t.c[column] == sa.bindparam("b_old")).values({column: sa.bindparam("b_new")})
    connection.execute(statement, [{"b_old": old, "b_new": new} for old, new in mapping.items() if old != new])


def _distinct(connection, table: str, column: str) -> list[str]:
    t = sa.table(table, sa.column(column))
    return [v for (v,) in connection.execute(sa.select(t.c[column]).distinct()) if v is not None]


def _rename_key(table: str, nullable: bool, drop_keys, create_keys, back: bool = False) -> None:
    """openid String(64) → conversation_id String(80) (or back), with the indexes on it dropped and recreated.
    Two passes: SQLite's batch mode rebuilds the table, and new indexes must name the column after the rename."""
    (old, old_len), (new, new_len) = (("openid", 64), ("conversation_id", 80))[::-1 if back else 1]
    with op.batch_alter_table(table) as batch:
        drop_keys(batch)
        batch.alter_column(old, new_column_name=new, existing_type=sa.String(old_len), type_=sa.String(new_len),
                           existing_nullable=nullable)
    with op.batch_alter_table(table) as batch:
        create_keys(batch)


def upgrade() -> None:
    # Schema first: the new ids are longer than the old columns allow.
    _rename_key(
        "wechat_binding", False, lambda b: b.drop_index("ix_wechat_binding_active"),
        lambda b: b.create_index("ix_wechat_binding_active", ["conversation_id", "revoked_at"], unique=False))
    _rename_key(
        "binding_attempt", False, lambda b: b.drop_index("ix_binding_attempt_openid"),
        lambda b: b.create_index("ix_binding_attempt_conversation_id", ["conversation_id"], unique=False))
    _rename_key(
        "grievance", True, lambda b: b.drop_index("ix_grievance_openid"),
        lambda b: b.create_index("ix_grievance_conversation_id", ["conversation_id"], unique=False))
    _rename_key(
        "reminder_opt_out", False, lambda b: b.drop_constraint("uq_reminder_opt_out_openid_unit_id", type_="unique"),
        lambda b: b.create_unique_constraint("uq_reminder_opt_out_conversation_id_unit_id",
                                             ["conversation_id", "unit_id"]))
    with op.batch_alter_table("binding_attempt") as batch:
        batch.add_column(sa.Column("unit_label", sa.String(32), nullable=True))
        batch.create_index("ix_binding_attempt_unit_label", ["unit_label"], unique=False)
    with op.batch_alter_table("handoff") as batch:
        batch.alter_column("conversation_id", existing_type=sa.String(64), type_=sa.String(80),
                           existing_nullable=False)
    with op.batch_alter_table("grievance_event") as batch:
        batch.alter_column("actor", existing_type=sa.String(64), type_=sa.String(80), existing_nullable=False)
    with op.batch_alter_table("wechat_inbox") as batch:
        batch.add_column(sa.Column("next_attempt_at", bot.db.types.UTCDateTime(timezone=True), nullable=True))
        batch.create_index("ix_wechat_inbox_next_attempt_at", ["next_attempt_at"], unique=False)

    connection = op.get_bind()
    wechat_openids = set(_distinct(connection, "wechat_contact", "openid")) | set(
        _distinct(connection, "wechat_inbox", "openid"))
    for table in _KEYED:
        _remap(connection, table, "conversation_id", {raw: _conversation_id(raw, wechat_openids)
                                                      for raw in _distinct(connection, table, "conversation_id")})
    for table in ("audit_log", "grievance_event"):
        actors = [a for a in _distinct(connection, table, "actor") if a.startswith(_OLD_ACTOR)]
        _remap(connection, table, "actor",
               {a: _conversation_id(a.removeprefix(_OLD_ACTOR), wechat_openids) for a in actors})

    # The web chat is never bound to real records: revoke what it bound, and say so in the audit trail.
    binding = sa.table("wechat_binding", sa.column("id"), sa.column("conversation_id"), sa.column("unit_id"),
                       sa.column("revoked_at", sa.DateTime(timezone=True)))
    now = datetime.now(UTC)
    web_bound = connection.execute(sa.select(binding.c.id, binding.c.conversation_id, binding.c.unit_id).where(
        binding.c.conversation_id.like("web:%"), binding.c.revoked_at.is_(None))).all()
    if web_bound:
        connection.execute(binding.update().where(binding.c.id.in_([row.id for row in web_bound]))
                           .values(revoked_at=now))
        audit = sa.table("audit_log", sa.column("at", sa.DateTime(timezone=True)), sa.column("actor"), sa.column("action"),
                         sa.column("subject"), sa.column("detail", sa.JSON()))
        connection.execute(audit.insert(), [
            {"at": now, "actor": "system:migration", "action": "revoke_binding", "subject": f"unit:{row.unit_id}",
             "detail": {"conversation_id": row.conversation_id, "why": "web chat is a demo channel"}}
            for row in web_bound])


def downgrade() -> None:
    connection = op.get_bind()

    def raw(conversation_id: str) -> str:
        return conversation_id.partition(":")[2] or conversation_id

    for table in _KEYED:
        _remap(connection, table, "conversation_id",
               {c: raw(c) for c in _distinct(connection, table, "conversation_id")})
    for table in ("audit_log", "grievance_event"):
        actors = [a for a in _distinct(connection, table, "actor") if a.startswith(("wx:", "web:"))]
        _remap(connection, table, "actor", {a: _OLD_ACTOR + raw(a) for a in actors})

    with op.batch_alter_table("wechat_inbox") as batch:
        batch.drop_index("ix_wechat_inbox_next_attempt_at")
        batch.drop_column("next_attempt_at")
    with op.batch_alter_table("grievance_event") as batch:
        batch.alter_column("actor", existing_type=sa.String(80), type_=sa.String(64), existing_nullable=False)
    with op.batch_alter_table("handoff") as batch:
        batch.alter_column("conversation_id", existing_type=sa.String(80), type_=sa.String(64),
                           existing_nullable=False)
    with op.batch_alter_table("binding_attempt") as batch:
        batch.drop_index("ix_binding_attempt_unit_label")
        batch.drop_column("unit_label")
    _rename_key("reminder_opt_out", False,
                lambda b: b.drop_constraint("uq_reminder_opt_out_conversation_id_unit_id", type_="unique"),
                lambda b: b.create_unique_constraint("uq_reminder_opt_out_openid_unit_id", ["openid", "unit_id"]),
                back=True)
    _rename_key("grievance", True, lambda b: b.drop_index("ix_grievance_conversation_id"),
                lambda b: b.create_index("ix_grievance_openid", ["openid"], unique=False), back=True)
    _rename_key("binding_attempt", False, lambda b: b.drop_index("ix_binding_attempt_conversation_id"),
                lambda b: b.create_index("ix_binding_attempt_openid", ["openid"], unique=False), back=True)
    _rename_key("wechat_binding", False, lambda b: b.drop_index("ix_wechat_binding_active"),
                lambda b: b.create_index("ix_wechat_binding_active", ["openid", "revoked_at"], unique=False),
                back=True)
