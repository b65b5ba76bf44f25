"""``make bench`` (part 3): importing 100,000 bill rows from XLSX and from CSV.

For each format, in the same run and each in its own process (so that peak memory is that step's own):
reading the file with openpyxl / the csv module alone (the baseline), importing it into a fresh SQLite database
(the embedded default), and importing it again (nothing changes: the idempotency path). Figures: rows per
second, peak resident memory, and the import's ratio to the baseline. Writes reports/bench-import.json and .md.

The file is a 缴费明细-style export with invented data: 8,334 flats × 12 monthly property-fee bills, about 70%
paid (each payment with its 流水号), every owner with a phone.
"""

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bot.devtools.paths import REPORTS_DIR

ROWS = 100_000
HEADER = ["房号", "建筑面积", "业主", "手机", "收费项目", "开始时间", "结束时间", "应收金额", "实收金额", "缴费时间",
          "流水号"]
TARGET_ROWS_PER_SECOND = 2_000  # a 100,000-row export in under a minute on the embedded default


def bill_rows(count: int = ROWS, seed: int = 13) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    unit = 0
    while len(rows) < count:
        building, entrance, room = unit // 200 + 1, unit // 100 % 2 + 1, 101 + unit % 100
        area = round(rng.uniform(55, 145), 2)
        name = f"业主{unit:05d}"
        phone = f"13{rng.randrange(10**8, 10**9)}"
        for month in range(1, 13):
            if len(rows) == count:
                break
            start = date(2025, month, 1)
            end = date(2025 + month // 12, month % 12 + 1, 1)
            billed = round(area * 2.5, 2)
            paid = rng.random() < 0.7
            rows.append([f"{building}-{entrance}-{room}", area, name, phone, "物业费", start.isoformat(),
                         end.isoformat(), billed, billed if paid else 0,
                         f"{end.isoformat()} 10:{rng.randrange(60):02d}:00" if paid else "",
                         f"WX{unit:05d}{month:02d}{rng.randrange(10**6):06d}" if paid else ""])
        unit += 1
    return rows


def write_files(directory: Path) -> dict[str, Path]:
    from openpyxl import Workbook

    rows = bill_rows()
    csv_path = directory / "缴费明细.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    xlsx_path = directory / "缴费明细.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("缴费明细表")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


# ------------------------------------------------------------------------------------- child steps


def _peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _read_alone(path: Path) -> int:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    finally:
        workbook.close()


def _database(directory: Path) -> str:
    from sqlalchemy.orm import Session

    from bot.db.migrate import upgrade
    from bot.db.models import Community
    from bot.db.session import make_engine

    url = f"sqlite:///{directory / 'bench.db'}"
    if not (directory / "bench.db").exists():
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            session.add(Community(code="BENCH", name="基准小区"))
        engine.dispose()
    return url


def _import(path: Path, directory: Path) -> dict:
    from bot.clock import system_clock
    from bot.db.session import make_engine, make_session_factory
    from bot.importer import import_file

    engine = make_engine(_database(directory))
    started, cpu = time.perf_counter(), _cpu_seconds()
    report = import_file(path, make_session_factory(engine), "BENCH", system_clock())
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    engine.dispose()
    if not report.ok:
        raise SystemExit(report.summary())
    return {"seconds": seconds, "cpu_seconds": cpu, "rows": report.rows_read, "changed": report.counts.changed}


def child(step: str, path: str, directory: str) -> None:
    started, cpu = time.perf_counter(), _cpu_seconds()
    if step == "read":
        rows = _read_alone(Path(path))
        result = {"rows": rows, "seconds": time.perf_counter() - started, "cpu_seconds": _cpu_seconds() - cpu}
    else:
        result = _import(Path(path), Path(directory))
    print(json.dumps({**result, "peak_mib": _peak_mib()}))


def _run(step: str, path: Path, directory: Path) -> dict:
    output = subprocess.run([sys.executable, "-m", "bot.devtools.bench_import", "--child", step, str(path),
                             str(directory)], check=True, capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"}).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["rows_per_second"] = round(result["rows"] / result["seconds"]) if result["seconds"] else None
    result["rows_per_cpu_second"] = round(result["rows"] / result["cpu_seconds"]) if result["cpu_seconds"] else None
    result["seconds"], result["cpu_seconds"] = round(result["seconds"], 2), round(result["cpu_seconds"], 2)
    return result


# ------------------------------------------------------------------------------------------ report


def main() -> int:
    results = {}
    with tempfile.TemporaryDirectory(prefix="wuyebot-bench-import-") as scratch:
        directory = Path(scratch)
        files = write_files(directory)
        for kind, path in files.items():
            database = directory / kind
            database.mkdir()
            baseline = _run("read", path, database)
            first = _run("import", path, database)
            again = _run("import", path, database)
            results[kind] = {"file_mib": round(path.stat().st_size / 2**20, 1), "read_alone": baseline,
                             "import": first, "reimport": again,
                             "import_time_over_read": round(first["cpu_seconds"] / baseline["cpu_seconds"], 1),
                             "import_memory_over_read": round(first["peak_mib"] / baseline["peak_mib"], 1)}
            print(f"{kind}: read alone {baseline['cpu_seconds']} CPU s, import {first['cpu_seconds']} CPU s "
                  f"({first['rows_per_cpu_second']} rows per CPU second), again {again['cpu_seconds']} CPU s",
                  flush=True)
    ok = all(r["import"]["rows_per_cpu_second"] >= TARGET_ROWS_PER_SECOND and r["reimport"]["changed"] == 0
             for r in results.values())
    library = {"csv": "the csv module", "xlsx": "openpyxl (read-only)"}
    lines = [f"# Bench: importing {ROWS:,} bill rows (SQLite, embedded default)", "",
             "| file | step | wall s | CPU s | rows/s (wall) | rows/s (CPU) | peak memory MiB |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for kind, r in results.items():
        for label, key in ((f"read with {library[kind]} alone (baseline)", "read_alone"),
                           ("`import_file` into a fresh database", "import"),
                           ("`import_file` again (nothing changes)", "reimport")):
            step = r[key]
            lines.append(f"| {kind.upper()} ({r['file_mib']} MiB) | {label} | {step['seconds']} | "
                         f"{step['cpu_seconds']} | {step['rows_per_second']:,} | {step['rows_per_cpu_second']:,} | "
                         f"{step['peak_mib']} |")
    lines.append("")
    for kind, r in results.items():
        lines.append(f"- {kind.upper()}: the import takes {r['import_time_over_read']}× the CPU time and "
                     f"{r['import_memory_over_read']}× the peak memory of reading the file alone.")
    lines.append(f"- Target ≥ {TARGET_ROWS_PER_SECOND:,} rows per CPU second (wall time depends on what else the "
                 f"machine runs) and a re-import that changes nothing: {'met' if ok else 'MISSED'}.")
    REPORTS_DIR.mkdir(exist_ok=True)
    (REPORTS_DIR / "bench-import.json").write_text(json.dumps({"rows": ROWS, "results": results, "ok": ok}, indent=2))
    (REPORTS_DIR / "bench-import.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    else:
        raise SystemExit(main())
