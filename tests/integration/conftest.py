"""The real Rasa server and action server these tests use (``rasa_stack``, ``say``) live in tests/conftest.py,
shared with tests/security, so one stack serves the whole session."""
