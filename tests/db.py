"""Database fixtures: every data test runs against SQLite and against the real PostgreSQL.

PostgreSQL comes from WUYEBOT_TEST_POSTGRES_URL (default: the local server, database ``test``). Each test gets
its own schema, created by the real Alembic migrations and dropped afterwards, so tests never see each other's
rows. Without a server the PostgreSQL half skips with the reason (fails under WUYEBOT_REQUIRE_SERVICES=1).
"""

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.db.migrate import upgrade
from bot.db.session import make_engine, make_session_factory, normalise_url
from tests.conftest import missing_service

POSTGRES_URL = os.environ.get("WUYEBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_reachable(url: str) -> str | None:
    try:
        engine = create_engine(normalise_url(url), connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not available here"
        return f"PostgreSQL not reachable at {url}: {error.__class__.__name__}"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """An empty database (no migrations run) on SQLite, then on PostgreSQL (a schema of its own)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    problem = _postgres_reachable(POSTGRES_URL)
    if problem:
        missing_service(problem)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{normalise_url(POSTGRES_URL)}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@pytest.fixture
def engine(empty_database_url) -> Iterator[Engine]:
    upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def sessions(engine) -> sessionmaker[Session]:
    return make_session_factory(engine)
