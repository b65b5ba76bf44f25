from tests.db import empty_database_url, engine, sessions  # noqa: F401 - fixtures
