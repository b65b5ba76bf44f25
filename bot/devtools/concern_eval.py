"""``python -m bot.devtools.concern_eval``: how well a message with two concerns is taken apart, measured three ways
against the current model (the figures behind docs/dialogue.md's choice of clause splitting):

1. the whole message as the NLU reads it: how often its top intent is one of the two concerns (the second is
   then lost), and how often both are its two top-ranked intents (the most a "top-two intents" or a
   multi-intent reading could get from the same classifier);
2. clause splitting (bot/domain/concerns.py over each clause's NLU reading, as action_note_concerns does): how
   often it finds exactly the two concerns, in the order written;
3. the cost: messages with one concern in several clauses — tests/dialogue/two_concerns.yml's ``single`` list and
   every example of the NLU's held-out split (tests/nlu) that has more than one clause — that are split wrongly;
   and the time of a whole turn through the REST channel for each two-concern message against its first clause
   alone, in the same run (median ratio: the clauses are parsed and the second concern is handled too).

Prints a Markdown table; nothing is trained.
"""

import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

from bot.clock import system_clock, today_in_shanghai
from bot.db.migrate import upgrade
from bot.db.prepare import seed_demo
from bot.devtools.model import model_hash, model_path
from bot.devtools.paths import HELDOUT_DIR
from bot.devtools.stack import Stack, free_port
from bot.domain.concerns import Clause, clauses, concerns
from bot.rasa_client import RasaClient

CASES = Path(__file__).resolve().parents[2] / "tests" / "dialogue" / "two_concerns.yml"
_MARKUP = re.compile(r"\[([^\]]+)\]\([a-z_]+\)")


def heldout_examples() -> list[tuple[str, str]]:
    found = []
    for path in sorted(HELDOUT_DIR.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                for line in block["examples"].splitlines():
                    if line.strip():
                        found.append((_MARKUP.sub(r"\1", line.strip()[2:]), block["intent"]))
    return found


async def split(nlu: RasaClient, text: str) -> list[str]:
    parts = clauses(text)
    if len(parts) < 2:
        return []
    parsed = [await nlu.parse(part) for part in parts]
    read = [Clause(p, x["intent"]["name"], x["intent"]["confidence"]) for p, x in zip(parts, parsed, strict=True)]
    return [c.intent for c in concerns(read)]


async def turn_seconds(client, rasa_url: str, sender: str, text: str) -> float:
    started = time.perf_counter()
    response = await client.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
    response.raise_for_status()
    return time.perf_counter() - started


async def latency_ratio(stack: Stack, messages: list[str]) -> tuple[float, float, float]:
    """Median seconds of a turn for the whole message and for its first clause alone, and the median ratio."""
    whole, first, ratios = [], [], []
    rasa_url = stack.rasa_url
    async with httpx.AsyncClient(timeout=60, headers=stack.rasa_headers) as client:
        for index, text in enumerate(messages):
            # WeChat conversations; the session start is not measured.
            await turn_seconds(client, rasa_url, f"wx:latency-warm-{index}", "你好")
            await turn_seconds(client, rasa_url, f"wx:latency-first-{index}", "你好")
            w = await turn_seconds(client, rasa_url, f"wx:latency-warm-{index}", text)
            f = await turn_seconds(client, rasa_url, f"wx:latency-first-{index}", clauses(text)[0])
            whole.append(w)
            first.append(f)
            ratios.append(w / f)
    return statistics.median(whole), statistics.median(first), statistics.median(ratios)


async def measure(stack: Stack) -> list[str]:
    nlu = RasaClient(stack.rasa_url, stack.rasa_token, timeout=30)
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    two = cases["messages"]
    top_is_one = top_two_both = split_right = 0
    misses = []
    for case in two:
        ranking = [i["name"] for i in (await nlu.parse(case["text"]))["intent_ranking"]]
        expected = case["concerns"]
        top_is_one += ranking[0] in expected
        top_two_both += set(ranking[:2]) == set(expected)
        found = await split(nlu, case["text"])
        if found == expected:
            split_right += 1
        else:
            misses.append(f"{case['text']} → {found or 'whole'} (expected {expected})")
    singles = [(c["text"], c["concern"]) for c in cases["single"]]
    singles += [(text, intent) for text, intent in heldout_examples() if len(clauses(text)) > 1]
    wrongly_split = []
    for text, intent in singles:
        found = await split(nlu, text)
        if len(found) > 1:
            wrongly_split.append(f"{text} ({intent}) → {found}")
    await nlu.aclose()
    whole_s, first_s, ratio = await latency_ratio(stack, [case["text"] for case in two])
    n, m = len(two), len(singles)
    lines = [
        f"Model `{model_hash()}`. {n} messages with two concerns; {m} with one concern in several clauses.",
        "",
        "| way | both concerns handled, in order | cost |",
        "|---|---:|---|",
        f"| whole message, top intent (today without splitting) | 0 / {n} (top intent is one of them: "
        f"{top_is_one} / {n}) | — |",
        f"| whole message, two top-ranked intents (upper bound for a multi-intent reading) | at most "
        f"{top_two_both} / {n}, order unknown | needs a combined label per pair in training and a rule per pair |",
        f"| clause splitting (action_note_concerns) | {split_right} / {n} | {len(wrongly_split)} / {m} single "
        f"concerns split wrongly; a turn takes {ratio:.2f}× its first clause alone (median {whole_s * 1000:.0f} ms "
        f"vs {first_s * 1000:.0f} ms) |",
    ]
    if misses:
        lines += ["", "Two-concern messages not split as written:", *(f"- {x}" for x in misses)]
    if wrongly_split:
        lines += ["", "Single concerns split wrongly:", *(f"- {x}" for x in wrongly_split)]
    return lines


def _database(work: Path) -> str:
    url = f"sqlite:///{work / 'company.db'}"
    upgrade(url)
    seed_demo(url, today_in_shanghai(system_clock))
    return url


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="wuyebot-concerns-"))
    with Stack(model=model_path(), log_dir=work, rasa_port=free_port(), action_port=free_port(),
               database_url=_database(work)) as stack:
        lines = asyncio.run(measure(stack))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
