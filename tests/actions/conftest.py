"""Actions over real records, against SQLite and the running PostgreSQL (tests/db.py), with a second owner's data
always present (tests/data/builders.py)."""

import pytest

from bot import container
from bot.clock import fixed_clock
from bot.config import load_settings
from tests.data.builders import NOW, build_world
from tests.db import empty_database_url, engine, sessions  # noqa: F401 - fixtures


@pytest.fixture
def world(sessions):  # noqa: F811 - the fixture above
    return build_world(sessions)


@pytest.fixture
def services(sessions, world):  # noqa: F811
    installed = container.Container(settings=load_settings(), clock=fixed_clock(NOW), session_factory=sessions)
    container.use(installed)
    yield installed
    container.use(None)


@pytest.fixture
def zhang(services):
    """张伟, bound: owner of 3栋2单元1502 (owes 900.00元, 650.00元 overdue) and 5栋1单元301 (paid up)."""
    services.binding.bind("wx:oZhang", "3栋2单元1502", "张伟", "5678")
    return "wx:oZhang"


@pytest.fixture
def li(services):
    """李娜, bound: owner of 3栋2单元1502 in 翠湖苑 (same label as 张伟's), owes 999.99元."""
    services.binding.bind("wx:oLi", "3栋2单元1502", "李娜", "5432")
    return "wx:oLi"
