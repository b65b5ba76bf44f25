"""Migration 0004_security on SQLite and PostgreSQL: existing rows move to channel-qualified conversation ids, web
bindings are revoked, the schema ends exactly as the models say, and downgrading gives the old ids back."""

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from bot.db.migrate import downgrade, upgrade
from bot.db.models import Base
from bot.db.session import make_engine

AT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
FOLLOWER = "oAbCdEfGhIjKlMnOpQrStUvWxYz1"  # a real-looking openid WeChat delivered (it is in wechat_contact)
INBOX_ONLY = "oSeenOnlyInTheInbox0000000001"  # delivered once, no contact row
WEB = "web-k3j4h5g6f7"  # what the old web chat page drew
ODD = "it's:not an id"  # only the unauthenticated REST channel could have sent this


def _legacy_rows(connection) -> None:
    def insert(sql: str, **params) -> None:
        connection.execute(text(sql), params)

    insert("insert into community (id, code, name, city, service_phone, emergency_phone, accepts_wechat_pay, "
           "accepts_alipay, counter_address, counter_hours, elderly_help, prepay_discount_text, reminder_quiet_start, "
           "reminder_quiet_end, reminder_weekly_cap, reminder_tiers_days) values (1, 'C1', '阳光花园', '北京', '', '', "
           "true, true, '', '', '', '', 21, 9, 1, '{}')")
    insert("insert into building (id, community_id, name) values (1, 1, '3栋')")
    insert("insert into unit (id, community_id, building_id, label, area_sqm, property_type, vacant) "
           "values (1, 1, 1, '3栋2单元1502', 90, 'residential', false)")
    insert("insert into person (id, name, phone) values (1, '张伟', '13800005678')")
    insert("insert into wechat_contact (openid, subscribed, sent_in_window) values (:o, true, 0)", o=FOLLOWER)
    insert("insert into wechat_inbox (dedup_key, openid, msg_type, text, fields, received_at, state, attempts, "
           "last_error) values ('msg:1', :o, 'text', '', '{}', :at, 'answered', 0, '')", o=INBOX_ONLY, at=AT)
    for i, who in enumerate((FOLLOWER, WEB, ODD, INBOX_ONLY), start=1):
        insert("insert into wechat_binding (id, openid, person_id, unit_id, role, verified_by, verified_at) "
               "values (:i, :o, 1, 1, 'owner', 'self', :at)", i=i, o=who, at=AT)
        insert("insert into binding_attempt (openid, at, succeeded) values (:o, :at, true)", o=who, at=AT)
        insert("insert into audit_log (at, actor, action, subject, detail) values (:at, :a, 'bind', 'unit:1', '{}')",
               at=AT, a=f"openid:{who}")
    insert("insert into audit_log (at, actor, action, subject, detail) values (:at, 'system:import', 'import', "
           "'file', '{}')", at=AT)
    insert("insert into grievance (id, ticket_no, openid, category, department, description, location, "
           "about_service, status, photos, created_at, sla_due_at) values (1, 'GR1', :o, 'leak', '工程部', '漏水', '', "
           "true, 'open', '{}', :at, :at)", o=FOLLOWER, at=AT)
    insert("insert into grievance_event (grievance_id, at, to_status, actor, note) values (1, :at, 'open', :a, '')",
           at=AT, a=f"openid:{FOLLOWER}")
    insert("insert into reminder_opt_out (openid, unit_id, created_at, reason) values (:o, 1, :at, '')",
           o=WEB, at=AT)
    insert("insert into handoff (conversation_id, reason, detail, state, requested_at) values (:o, 'owner_request', "
           "'', 'waiting', :at)", o=FOLLOWER, at=AT)


def _column(connection, sql: str) -> list:
    return [row[0] for row in connection.execute(text(sql))]


def test_existing_rows_move_to_conversation_ids_and_back(empty_database_url):
    upgrade(empty_database_url, "0002")
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            _legacy_rows(connection)
        upgrade(empty_database_url)
        with engine.connect() as connection:
            bindings = dict(connection.execute(text(
                "select conversation_id, revoked_at is not null from wechat_binding order by id")).all())
            legacy_odd = next(c for c in bindings if c.startswith("web:legacy-"))
            assert bindings == {f"wx:{FOLLOWER}": False, f"web:{WEB}": True, legacy_odd: True,
                                f"wx:{INBOX_ONLY}": False}
            assert set(_column(connection, "select conversation_id from binding_attempt")) == set(bindings)
            actors = set(_column(connection, "select actor from audit_log"))
            assert {f"wx:{FOLLOWER}", f"web:{WEB}", legacy_odd, "system:import", "system:migration"} <= actors
            assert not any(a.startswith("openid:") for a in actors)
            revoked = _column(connection, "select subject from audit_log where action = 'revoke_binding'")
            assert revoked == ["unit:1", "unit:1"]  # the web binding and the odd one, each said in the trail
            assert _column(connection, "select conversation_id from grievance") == [f"wx:{FOLLOWER}"]
            assert _column(connection, "select actor from grievance_event") == [f"wx:{FOLLOWER}"]
            assert _column(connection, "select conversation_id from reminder_opt_out") == [f"web:{WEB}"]
            assert _column(connection, "select conversation_id from handoff") == [f"wx:{FOLLOWER}"]
            # The WeChat adapter's own tables keep the raw openid.
            assert _column(connection, "select openid from wechat_contact") == [FOLLOWER]
        with engine.begin() as connection:  # the widened column takes the longest id the app builds
            connection.execute(text("insert into handoff (conversation_id, reason, detail, state, requested_at) "
                                    "values (:c, 'owner_request', '', 'waiting', :at)"), {"c": "web:" + "a" * 64,
                                                                                          "at": AT})
        downgrade(empty_database_url, "0002")
        with engine.connect() as connection:
            assert set(_column(connection, "select openid from wechat_binding")) == {
                FOLLOWER, WEB, INBOX_ONLY, legacy_odd.partition(":")[2]}
            assert f"openid:{FOLLOWER}" in _column(connection, "select actor from audit_log")
    finally:
        engine.dispose()


def test_the_migrated_schema_is_exactly_the_models(empty_database_url):
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
