from tests.db import engine, sessions  # noqa: F401 - fixtures
