"""Compare NLU pipelines on the held-out split: training time and macro-F1 for each config given.

    python -m bot.devtools.nlu_compare docs/nlu-experiments/*.yml

Each config is trained NLU-only on data/nlu and tested on tests/nlu in the same run, so the figures are
comparable with each other (the machine is shared; compare within one run, not across runs).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.devtools.paths import DATA_DIR, HELDOUT_NLU, RASA_BIN


def run_one(config: Path, workdir: Path) -> dict:
    out = workdir / config.stem
    started = time.monotonic()
    subprocess.run(
        [str(RASA_BIN), "train", "nlu", "--config", str(config), "--nlu", str(DATA_DIR / "nlu"),
         "--out", str(out), "--fixed-model-name", "model"],
        # Rasa's component cache would make later configs look faster than a fresh machine trains them.
        cwd=PROJECT_ROOT, check=True, capture_output=True, env={**os.environ, "RASA_MAX_CACHE_SIZE": "0"},
    )
    seconds = time.monotonic() - started
    report_dir = out / "report"
    subprocess.run(
        [str(RASA_BIN), "test", "nlu", "--model", str(out / "model.tar.gz"), "--nlu", str(HELDOUT_NLU),
         "--out", str(report_dir), "--no-plot"],
        cwd=PROJECT_ROOT, check=True, capture_output=True,
    )
    report = json.loads((report_dir / "intent_report.json").read_text())
    per_intent = {k: v["f1-score"] for k, v in report.items() if isinstance(v, dict) and "support" in v
                  and k not in ("macro avg", "weighted avg", "micro avg")}
    worst = min(per_intent, key=per_intent.get)
    return {"config": config.name, "train_s": round(seconds, 1), "macro_f1": round(report["macro avg"]["f1-score"], 4),
            "worst": f"{worst} {per_intent[worst]:.3f}"}


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for config in map(Path, argv):
            print(json.dumps(run_one(config, Path(tmp)), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
