"""For the embedded default: fill an empty database with the demo (migrations: bot.db.migrate.upgrade)."""

from datetime import date

from sqlalchemy import func, select

from bot.db.models import Community
from bot.db.session import make_engine, make_session_factory
from bot.demo.seed import SeedReport, seed


def seed_demo(database_url: str, today: date, only_if_empty: bool = True) -> SeedReport | None:
    """Seed the three demo communities. Returns None when the database already has communities (and
    ``only_if_empty``), so re-running never duplicates or overwrites real records."""
    engine = make_engine(database_url)
    try:
        sessions = make_session_factory(engine)
        with sessions.begin() as session:
            if only_if_empty and session.execute(select(func.count()).select_from(Community)).scalar_one():
                return None
            return seed(session, today=today)
    finally:
        engine.dispose()
