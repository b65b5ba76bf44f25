from datetime import datetime

import pytest

from bot import container
from bot.clock import SHANGHAI, fixed_clock
from bot.config import load_settings
from bot.db.models import Base
from bot.db.session import make_engine, make_session_factory

# A Thursday afternoon in Shanghai.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def pinned_container(tmp_path):
    """An empty company database (nobody bound): what these tests check needs no records.
    Actions over real records are tested in tests/actions against SQLite and PostgreSQL."""
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    Base.metadata.create_all(engine)
    container.use(container.Container(settings=load_settings(), clock=fixed_clock(NOW),
                                      session_factory=make_session_factory(engine)))
    yield
    container.use(None)
    engine.dispose()
