"""rasa-sdk actions, one module per feature. Thin: they read the tracker, call pure rules or services, and answer.

Served by ``python -m rasa_sdk --actions bot.actions`` (see ``wuyebot actions``). rasa-sdk instantiates every
non-abstract Action subclass it finds here with no arguments, so nothing in these modules does I/O at import.
"""
