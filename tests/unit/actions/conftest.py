from datetime import datetime

import pytest

from bot import container
from bot.clock import SHANGHAI, fixed_clock
from bot.config import load_settings

# A Thursday afternoon in Shanghai.
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def pinned_container():
    container.use(container.Container(settings=load_settings(), clock=fixed_clock(NOW)))
    yield
    container.use(None)
