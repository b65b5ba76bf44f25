"""Migration 0005_grievance_incomplete on SQLite and PostgreSQL: it adds the flag, keeps existing tickets, and goes
back down cleanly; and the models agree with the migrations."""

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from bot.db.migrate import downgrade, upgrade
from bot.db.models import Base, Grievance, IncompleteReason

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _columns(engine) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns("grievance")}


def test_the_flag_comes_and_goes_with_the_migration_and_old_tickets_stay(engine, sessions):
    assert "incomplete_reason" in _columns(engine)
    downgrade(_url(engine), "0004_security")
    engine.dispose()
    assert "incomplete_reason" not in _columns(engine)
    with engine.begin() as connection:
        connection.execute(text(
            "insert into grievance (ticket_no, category, department, description, location, about_service, status, "
            "photos, created_at, sla_due_at) values ('GR20261201-0001', 'elevator', '工程部', '电梯坏了', '', true, "
            "'open', '{}', :now, :now)"), {"now": NOW})
    upgrade(_url(engine))
    engine.dispose()
    with sessions() as session:
        old = session.execute(select(Grievance)).scalar_one()
        assert old.incomplete_reason is None
        old.incomplete_reason = IncompleteReason.OWNER_DID_NOT_KNOW
        session.commit()
    with sessions() as session:
        assert session.execute(select(Grievance.incomplete_reason)).scalar_one() == "owner_did_not_know"


def test_the_models_and_the_migrations_agree(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
