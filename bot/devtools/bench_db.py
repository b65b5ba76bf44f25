"""``make bench`` (part 1): the balance lookup's database time for a community of 20,000 units on PostgreSQL.

The lookup is BalanceService.statements for one bound owner: the binding query, the unit's bills and payments,
and the audit row, in one transaction. Measured for many different owners (cold rows, not one cached unit),
beside a ``SELECT 1`` round trip in the same run as the baseline. The seeded schema ``bench_balance`` is kept
between runs so only the first run pays for seeding. Writes reports/bench-db.json and .md.

PostgreSQL comes from WUYEBOT_BENCH_POSTGRES_URL (default: the local server's database ``test``).
"""

import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, text

from bot.clock import SHANGHAI, fixed_clock
from bot.db.migrate import upgrade
from bot.db.models import Community, Occupancy, Role, Unit, WeChatBinding
from bot.db.session import make_engine, make_session_factory, normalise_url
from bot.demo.seed import bench_community, seed
from bot.devtools.paths import REPORTS_DIR
from bot.domain import conversation
from bot.services.balances import BalanceService
from bot.services.binding import BindingService

POSTGRES_URL = os.environ.get("WUYEBOT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCHEMA = "bench_balance"
UNITS = 20_000
OWNERS = 400
LOOKUPS = 1_000
TARGET_MEDIAN_MS = 20.0


def _schema_url(schema: str) -> str:
    base = normalise_url(POSTGRES_URL)
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def prepare(now: datetime) -> tuple[str, list[str]]:
    """The bench schema with one 20,000-unit community and OWNERS bound owners; their conversation ids."""
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'create schema if not exists "{SCHEMA}"'))
    admin.dispose()
    url = _schema_url(SCHEMA)
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        if not session.execute(select(func.count()).select_from(Community)).scalar_one():
            started = time.perf_counter()
            report = seed(session, specs=(bench_community(UNITS),), today=now.astimezone(SHANGHAI).date())
            print(f"Seeded the bench community once: {report.units} units, {report.bills} bills, "
                  f"{report.payments} payments in {time.perf_counter() - started:.0f} s", flush=True)
        bound = session.execute(select(func.count()).select_from(WeChatBinding)
                                .where(WeChatBinding.revoked_at.is_(None))).scalar_one()
        if bound < OWNERS:
            rows = session.execute(
                select(Occupancy.unit_id, Occupancy.person_id).where(Occupancy.role == Role.OWNER)
                .order_by(Occupancy.id)).all()
            chosen = random.Random(7).sample(rows, OWNERS)
            session.execute(insert(WeChatBinding), [
                {"conversation_id": _owner(i), "person_id": p, "unit_id": u, "role": Role.OWNER,
                 "verified_by": "bench", "verified_at": now} for i, (u, p) in enumerate(chosen)])
        units = session.execute(select(func.count()).select_from(Unit)).scalar_one()
    engine.dispose()
    print(f"Bench community: {units} units, {OWNERS} bound owners", flush=True)
    return url, [_owner(i) for i in range(OWNERS)]


def _owner(i: int) -> str:
    return conversation.for_wechat(f"bench-{i}")


def _ms(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
            "max_ms": round(ordered[-1] * 1000, 2)}


def measure(url: str, owners: list[str], now: datetime) -> dict:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    clock = fixed_clock(now)
    balances = BalanceService(sessions, clock, BindingService(sessions, clock))
    order = random.Random(11)
    baseline, lookups = [], []
    for _ in range(50):  # warm the pool
        balances.statements(order.choice(owners))
    for _ in range(LOOKUPS):
        # Interleaved, so machine noise hits both alike.
        started = time.perf_counter()
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        balances.statements(order.choice(owners))
        lookups.append(time.perf_counter() - started)
    engine.dispose()
    return {"baseline_select_1": _ms(baseline), "balance_lookup": _ms(lookups)}


def main() -> int:
    now = datetime.now(UTC)
    try:
        url, owners = prepare(now)
    except Exception as error:  # noqa: BLE001 - report any connection problem plainly
        print(f"PostgreSQL not available at {POSTGRES_URL}: {error}", file=sys.stderr)
        return 1
    result = measure(url, owners, now)
    lookup, base = result["balance_lookup"], result["baseline_select_1"]
    ratio = round(lookup["median_ms"] / base["median_ms"], 1) if base["median_ms"] else None
    result.update(units=UNITS, lookups=LOOKUPS, owners=OWNERS, median_over_baseline=ratio,
                  target_median_ms=TARGET_MEDIAN_MS, ok=lookup["median_ms"] < TARGET_MEDIAN_MS)
    lines = ["# Bench: balance lookup on PostgreSQL, 20,000-unit community", "",
             "| measure | median ms | p95 ms | max ms |", "|---|---:|---:|---:|",
             f"| balance lookup (BalanceService.statements) | {lookup['median_ms']} | {lookup['p95_ms']} | "
             f"{lookup['max_ms']} |",
             f"| baseline: `select 1` round trip | {base['median_ms']} | {base['p95_ms']} | {base['max_ms']} |", "",
             f"{LOOKUPS} lookups over {OWNERS} bound owners; median {ratio}× the baseline round trip; "
             f"target median < {TARGET_MEDIAN_MS} ms: {'met' if result['ok'] else 'MISSED'}."]
    REPORTS_DIR.mkdir(exist_ok=True)
    (REPORTS_DIR / "bench-db.json").write_text(json.dumps(result, indent=2))
    (REPORTS_DIR / "bench-db.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
