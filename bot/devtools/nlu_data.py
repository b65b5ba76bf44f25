"""Reading and writing Rasa NLU YAML for tests and the evaluation tools: examples per intent, entity markup."""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.domain.chinese_text import to_simplified

ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<entity>[a-z_]+)\)")


@dataclass(frozen=True)
class Example:
    """One labelled message; ``text`` keeps Rasa's entity markup (``[3栋1502](unit)``)."""

    text: str
    intent: str

    @property
    def plain(self) -> str:
        return plain_text(self.text)


def read_examples(paths: list[Path]) -> list[Example]:
    found: list[Example] = []
    for path in paths:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                lines = [line.strip()[2:] for line in (block["examples"] or "").splitlines() if line.strip()]
                found.extend(Example(line, block["intent"]) for line in lines)
    return found


def examples_by_intent(paths: list[Path]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for example in read_examples(paths):
        found.setdefault(example.intent, []).append(example.text)
    return found


def write_examples(examples: list[Example], path: Path) -> None:
    """Rasa YAML with one block per intent (the markup is kept, so entities still train)."""
    by_intent: dict[str, list[str]] = {}
    for example in examples:
        by_intent.setdefault(example.intent, []).append(example.text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |", *(f"    - {text}" for text in texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def plain_text(example: str) -> str:
    return ANNOTATION.sub(lambda m: m["text"], example)


def annotations(example: str) -> list[tuple[str, str]]:
    return [(m["entity"], m["text"]) for m in ANNOTATION.finditer(example)]


_PUNCTUATION = re.compile(r"[\s,.!?~，。！？～、；;:：'\"“”‘’…·]+")


def normalised(example: str) -> str:
    """For duplicate checks: no markup, punctuation, spaces, case, full-width forms or traditional characters (emoji
    and symbols stay: they are the whole message in some out_of_scope examples)."""
    text = to_simplified(unicodedata.normalize("NFKC", plain_text(example))).lower()
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
