"""Pure rules: no I/O, no SQLAlchemy, no HTTP. Anything that depends on time takes ``now``/``today``."""
