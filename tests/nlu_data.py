"""Reading Rasa NLU YAML in tests: examples per intent, with entity markup parsed."""

import re
from pathlib import Path

import yaml

ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<entity>[a-z_]+)\)")


def examples_by_intent(paths: list[Path]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in paths:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                lines = [line.strip()[2:] for line in block["examples"].splitlines() if line.strip()]
                found.setdefault(block["intent"], []).extend(lines)
    return found


def plain_text(example: str) -> str:
    return ANNOTATION.sub(lambda m: m["text"], example)


def annotations(example: str) -> list[tuple[str, str]]:
    return [(m["entity"], m["text"]) for m in ANNOTATION.finditer(example)]


_PUNCTUATION = re.compile(r"[\s,.!?~，。！？～、；;:：'\"“”‘’…·]+")


def normalised(example: str) -> str:
    """For duplicate checks: no markup, punctuation, spaces or case (emoji and symbols stay: they are the
    whole message in some out_of_scope examples)."""
    text = plain_text(example).lower()
    return _PUNCTUATION.sub("", text) or text


def entity_patterns(path: Path) -> dict[str, list[re.Pattern]]:
    patterns: dict[str, list[re.Pattern]] = {}
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
        lines = [line.strip()[2:] for line in block.get("examples", "").splitlines() if line.strip()]
        if "regex" in block:
            patterns.setdefault(block["regex"], []).extend(re.compile(p, re.IGNORECASE) for p in lines)
        elif "lookup" in block:
            patterns.setdefault(block["lookup"], []).extend(re.compile(re.escape(p)) for p in lines)
    return patterns
