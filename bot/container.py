"""Composition root: the services actions and routes use, built lazily on first use.

rasa-sdk imports every module under ``bot.actions`` at start-up and instantiates each Action with no arguments,
so actions fetch their collaborators from here at run time. Tests replace the container with :func:`use`.
"""

from dataclasses import dataclass, field

from bot.clock import Clock, system_clock
from bot.config import Settings, load_settings


@dataclass
class Container:
    settings: Settings = field(default_factory=load_settings)
    clock: Clock = system_clock


_current: Container | None = None


def get() -> Container:
    global _current
    if _current is None:
        _current = Container()
    return _current


def use(container: Container | None) -> None:
    """Install ``container`` (tests), or None to build a fresh one on next use."""
    global _current
    _current = container
