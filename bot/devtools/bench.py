"""``make bench``: latency and throughput of one owner message through the app → Rasa → action server,
beside bare Rasa's REST channel, measured in the same run (the machine is shared: compare ratios, not seconds).

Writes ``reports/bench.json`` and ``reports/bench.md``.
"""

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bot.db.migrate import upgrade
from bot.devtools.model import model_path
from bot.devtools.paths import REPORTS_DIR
from bot.devtools.stack import Stack, StackError, free_port

# A fixed mix of what owners send; several run custom actions (balance, forms) through the action server.
MESSAGES = [
    "物业费怎么交", "我欠多少物业费", "不交物业费会停水停电吗", "物业费太贵了", "电梯坏了",
    "月底交", "你好", "转人工",
]
ROUNDS_PER_OWNER = 3
CONCURRENCY_LEVELS = (1, 8)
WARMUP_MESSAGES = 10


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


async def _owner(client: httpx.AsyncClient, url: str, body_key: str, sender: str, latencies: list[float],
                 errors: list[str]) -> None:
    for _ in range(ROUNDS_PER_OWNER):
        for message in MESSAGES:
            started = time.perf_counter()
            try:
                response = await client.post(url, json={"sender": sender, body_key: message})
                if response.status_code != 200 or not response.content:
                    errors.append(f"{response.status_code}")
            except httpx.HTTPError as error:
                errors.append(repr(error))
            latencies.append(time.perf_counter() - started)


async def measure(url: str, concurrency: int, label: str, run_id: str) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    async with httpx.AsyncClient(timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(
            _owner(client, url, "message", f"bench-{run_id}-{label}-{concurrency}-{i}", latencies, errors)
            for i in range(concurrency)
        ))
        elapsed = time.perf_counter() - started
    return {
        "path": label, "concurrency": concurrency, "messages": len(latencies), "errors": len(errors),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "msgs_per_s": round(len(latencies) / elapsed, 2),
    }


async def run_all(stack: Stack) -> list[dict]:
    bare = f"{stack.rasa_url}/webhooks/rest/webhook"
    app = f"{stack.app_url}/api/chat"
    async with httpx.AsyncClient(timeout=60) as client:
        for i in range(WARMUP_MESSAGES):
            await client.post(bare, json={"sender": f"warmup-{i}", "message": MESSAGES[i % len(MESSAGES)]})
    results = []
    run_id = str(int(time.time()))
    for concurrency in CONCURRENCY_LEVELS:
        # Alternate the two paths so drift in machine load hits both alike.
        results.append(await measure(bare, concurrency, "bare-rasa", run_id))
        results.append(await measure(app, concurrency, "app", run_id))
    return results


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        # A migrated, empty company database: the mix's owners are not bound, as on their first day.
        database_url = f"sqlite:///{Path(tmp) / 'company.db'}"
        upgrade(database_url)
        stack = Stack(model=model_path(), log_dir=Path(tmp), rasa_port=free_port(), action_port=free_port(),
                      app_port=free_port(), database_url=database_url)
        try:
            with stack:
                results = asyncio.run(run_all(stack))
        except StackError as error:
            print(error, file=sys.stderr)
            return 1
    lines = ["# Bench: app → Rasa → action server vs bare Rasa (same run)", "",
             "| path | concurrency | messages | errors | p50 ms | p95 ms | p99 ms | msgs/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['path']} | {r['concurrency']} | {r['messages']} | {r['errors']} | {r['p50_ms']} | "
                     f"{r['p95_ms']} | {r['p99_ms']} | {r['msgs_per_s']} |")
    ratios = []
    for concurrency in CONCURRENCY_LEVELS:
        bare = next(r for r in results if r["path"] == "bare-rasa" and r["concurrency"] == concurrency)
        app = next(r for r in results if r["path"] == "app" and r["concurrency"] == concurrency)
        ratios.append({"concurrency": concurrency,
                       "throughput_ratio": round(app["msgs_per_s"] / bare["msgs_per_s"], 3),
                       "p95_ratio": round(app["p95_ms"] / bare["p95_ms"], 3)})
    lines += ["", "Ratios (app / bare Rasa): " + "; ".join(
        f"concurrency {r['concurrency']}: throughput {r['throughput_ratio']}×, p95 {r['p95_ratio']}×" for r in ratios)]
    REPORTS_DIR.mkdir(exist_ok=True)
    (REPORTS_DIR / "bench.json").write_text(json.dumps({"results": results, "ratios": ratios}, indent=2))
    (REPORTS_DIR / "bench.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
