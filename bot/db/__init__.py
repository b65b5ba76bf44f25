"""Persistence: typed SQLAlchemy 2 models, the session factory, repositories. Migrations live in bot/db/migrations."""
