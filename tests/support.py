"""Builders for rasa-sdk trackers and domain data, shared by the action tests."""

from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOMAIN_DIR = PROJECT_ROOT / "bot" / "intents"


def load_domain() -> dict[str, Any]:
    """The domain fragments merged the way Rasa merges a domain directory (enough for name checks)."""
    merged: dict[str, Any] = {"intents": [], "entities": [], "slots": {}, "forms": {}, "actions": [], "responses": {}}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("intents", "entities", "actions"):
            merged[key] += part.get(key, []) or []
        for key in ("slots", "forms", "responses"):
            merged[key].update(part.get(key, {}) or {})
    return merged


def served_actions(base) -> set[str]:
    """The names of the actions rasa-sdk would serve from bot/actions among the subclasses of ``base``."""
    import importlib
    import inspect
    import pkgutil

    import bot.actions

    for module in pkgutil.iter_modules(bot.actions.__path__):
        importlib.import_module(f"bot.actions.{module.name}")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {cls().name() for cls in subclasses(base) if cls.__module__.startswith("bot.actions")
            and not inspect.isabstract(cls) and not getattr(cls, "__abstractmethods__", None)}


def user_event(text: str, intent: str, entities: list[dict] | None = None, ranking: list[dict] | None = None):
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        },
    }


def action_event(name: str) -> dict:
    return {"event": "action", "name": name}


def make_tracker(
    slots: dict[str, Any] | None = None,
    events: list[dict] | None = None,
    active_loop: str | None = None,
    sender_id: str = "wx:oOwner1",
) -> Tracker:
    events = events or []
    latest = next((e["parse_data"] | {"text": e["text"]} for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )
