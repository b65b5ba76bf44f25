"""The import migration (0003_import) on SQLite and PostgreSQL: the tables it touches match the models, and old
rows survive it (phoneless people become NULL, not one person per name)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from bot.db.migrate import downgrade, upgrade
from bot.db.models import Base

TOUCHED = {"unit", "building", "person", "bill", "payment", "bill_item_alias", "import_column_rule"}


def _table(diff) -> str:
    """The table an autogenerate difference is about (its shapes differ by kind of change)."""
    operation = diff[0] if isinstance(diff, list) else diff
    subject = operation[1] if operation[0] in ("add_table", "remove_table") else None
    if subject is not None:
        return subject.name
    if operation[0].startswith(("add_column", "remove_column", "modify_")):
        return operation[2]
    return operation[1].table.name  # constraints and indexes




def test_migrated_tables_match_the_models(engine):
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    mine = [d for d in diffs if _table(d) in TOUCHED]
    assert mine == []


def test_upgrade_keeps_old_rows_and_downgrade_restores_them(engine):
    url = engine.url.render_as_string(hide_password=False)
    downgrade(url, "0002")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO community (code, name, city, service_phone, emergency_phone, "
                                "accepts_wechat_pay, accepts_alipay, counter_address, counter_hours, elderly_help, "
                                "prepay_discount_text, reminder_quiet_start, reminder_quiet_end, reminder_weekly_cap, "
                                "reminder_tiers_days) VALUES ('T', '测试', '', '', '', true, true, '', '', '', '', "
                                "21, 9, 1, '{}')"))
        connection.execute(text("INSERT INTO building (community_id, name) VALUES (1, '3栋')"))
        connection.execute(text("INSERT INTO unit (community_id, building_id, label, area_sqm, property_type, vacant)"
                                " VALUES (1, 1, '3栋2单元1502', 89.5, 'residential', false)"))
        connection.execute(text("INSERT INTO person (name, phone) VALUES ('王伟', ''), ('李娜', '13900139000')"))
    upgrade(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name, phone FROM person ORDER BY name")).all() == [
            ("李娜", "13900139000"), ("王伟", None)]
        assert connection.execute(text("SELECT phase, kind, label FROM unit")).one() == ("", "flat", "3栋2单元1502")
        # Two people without phones and the same name are two people now.
        connection.execute(text("INSERT INTO person (name, phone) VALUES ('王伟', NULL)"))
        connection.rollback()
    downgrade(url, "0002")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT phone FROM person WHERE name = '王伟'")).scalar_one() == ""
    upgrade(url)
