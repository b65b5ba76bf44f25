"""Compare NLU pipelines, cold, on the fresh held-out set, 5-fold cross-validation and the old split, beside the
baseline of the same run.

    python -m bot.devtools.nlu_compare docs/nlu-experiments/k-*.yml [--no-cv] [--out reports/nlu-compare.md]

Each config is trained NLU-only on data/nlu (and on each of the same fixed folds), with Rasa's cache off, one
config at a time. Compare within one run, not across runs: the machine is shared. Writes a markdown table and a
JSON file under reports/ (default ``reports/nlu-compare.md`` / ``.json``) as well as printing them.
"""

import sys
import tempfile
from pathlib import Path

from bot.devtools import nlu_runs
from bot.devtools.nlu_report import error_list, overview, write_json
from bot.devtools.paths import REPORTS_DIR


def main(argv: list[str]) -> int:
    with_cv = "--no-cv" not in argv
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else REPORTS_DIR / "nlu-compare.md"
    skip = {"--no-cv", "--out", str(out)}
    configs = [Path(a) for a in argv if a not in skip]
    sets = nlu_runs.test_sets()
    REPORTS_DIR.mkdir(exist_ok=True)
    log = REPORTS_DIR / "nlu-compare.log"
    log.write_text("")
    evaluations = [nlu_runs.evaluate_baseline(sets, with_cv)]
    print("\n".join(overview(evaluations)), flush=True)
    for config in configs:
        with tempfile.TemporaryDirectory() as tmp:
            evaluations.append(nlu_runs.evaluate_rasa(config, Path(tmp), sets, with_cv, log=log))
        print(overview(evaluations)[-1], flush=True)
        for set_name, predictions in evaluations[-1].predictions.items():
            errors = out.parent / f"{out.stem}-{config.stem}-{set_name}-errors.md"
            errors.write_text("\n".join(error_list(predictions)) + "\n", encoding="utf-8")
    lines = ["# NLU pipelines compared (one run, cold)", "", *overview(evaluations)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_json(evaluations, out.with_suffix(".json"))
    print(f"\nWritten to {out} and {out.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
