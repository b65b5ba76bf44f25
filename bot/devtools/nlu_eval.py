"""``make eval``: how well the NLU understands owners, measured two ways.

1. 5-fold cross-validation on the training data (``reports/nlu-cv/``);
2. the held-out split under ``tests/nlu/``, never trained on, against the current model (``reports/nlu-heldout/``).

Per-intent precision/recall/F1 and the confusion matrix (CSV, and Rasa's PNG) are written under ``reports/``;
a summary goes to ``reports/nlu-summary.md``. The last line printed is the held-out macro-F1.
Targets (issue 2): held-out macro-F1 ≥ 0.93 and no intent below 0.85. Exit status 1 when a target is missed.
"""

import csv
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.devtools.model import model_path
from bot.devtools.paths import CONFIG_FILE, DATA_DIR, HELDOUT_NLU, RASA_BIN, REPORTS_DIR

MACRO_F1_TARGET = 0.93
PER_INTENT_F1_FLOOR = 0.85
FOLDS = 5
_AVERAGES = ("macro avg", "weighted avg", "micro avg", "accuracy")


def _rasa(*args: str) -> None:
    """Run Rasa with its chatter (progress bars, TensorFlow) going to reports/nlu-eval.log."""
    with (REPORTS_DIR / "nlu-eval.log").open("a") as log:
        result = subprocess.run([str(RASA_BIN), *args], cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT)
    if result.returncode:
        raise SystemExit(f"rasa {' '.join(args[:2])} failed; see reports/nlu-eval.log")


def per_intent(report: dict) -> dict[str, dict]:
    return {k: v for k, v in report.items() if isinstance(v, dict) and k not in _AVERAGES}


def confusion(out: Path) -> Counter:
    pairs: Counter = Counter()
    for name in ("intent_successes.json", "intent_errors.json"):
        path = out / name
        if path.exists():
            for item in json.loads(path.read_text()):
                pairs[(item["intent"], item["intent_prediction"]["name"])] += 1
    return pairs


def fallback_tradeoff(out: Path, thresholds=(0.3, 0.4, 0.45, 0.5, 0.6)) -> list[str]:
    """For each FallbackClassifier threshold: right answers that would be asked to clarify, wrong ones caught."""
    successes = json.loads((out / "intent_successes.json").read_text())
    errors = json.loads((out / "intent_errors.json").read_text()) if (out / "intent_errors.json").exists() else []
    lines = ["| fallback threshold | right answers sent to clarification | wrong answers caught |", "|---:|---:|---:|"]
    for t in thresholds:
        right = sum(x["intent_prediction"]["confidence"] < t for x in successes)
        wrong = sum(x["intent_prediction"]["confidence"] < t for x in errors)
        lines.append(f"| {t} | {right} / {len(successes)} | {wrong} / {len(errors)} |")
    return lines


def write_confusion_csv(pairs: Counter, path: Path) -> None:
    labels = sorted({gold for gold, _ in pairs} | {predicted for _, predicted in pairs})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["gold \\ predicted", *labels])
        for gold in labels:
            writer.writerow([gold, *(pairs.get((gold, predicted), 0) for predicted in labels)])


def table(title: str, report: dict) -> list[str]:
    lines = [f"## {title}", "", "| intent | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for intent, row in sorted(per_intent(report).items()):
        lines.append(f"| {intent} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1-score']:.3f} | "
                     f"{row['support']} |")
    macro = report["macro avg"]
    lines += [f"| **macro avg** | {macro['precision']:.3f} | {macro['recall']:.3f} | **{macro['f1-score']:.3f}** | "
              f"{macro['support']} |", ""]
    return lines


def main() -> int:
    REPORTS_DIR.mkdir(exist_ok=True)
    (REPORTS_DIR / "nlu-eval.log").write_text("")
    cv_out, heldout_out = REPORTS_DIR / "nlu-cv", REPORTS_DIR / "nlu-heldout"
    model = model_path()
    if not model.exists():
        print(f"No model at {model}; run `make train`", file=sys.stderr)
        return 1

    started = time.monotonic()
    print(f"Cross-validation ({FOLDS} folds) on {DATA_DIR / 'nlu'} …", flush=True)
    _rasa("test", "nlu", "--nlu", str(DATA_DIR / "nlu"), "--config", str(CONFIG_FILE), "--cross-validation",
          "--folds", str(FOLDS), "--out", str(cv_out), "--successes")
    cv_seconds = time.monotonic() - started
    print(f"Held-out split {HELDOUT_NLU} against {model.name} …", flush=True)
    _rasa("test", "nlu", "--model", str(model), "--nlu", str(HELDOUT_NLU), "--out", str(heldout_out), "--successes")

    cv = json.loads((cv_out / "intent_report.json").read_text())
    heldout = json.loads((heldout_out / "intent_report.json").read_text())
    for out in (cv_out, heldout_out):
        write_confusion_csv(confusion(out), out / "intent_confusion_matrix.csv")

    heldout_f1 = heldout["macro avg"]["f1-score"]
    below = {k: round(v["f1-score"], 3) for k, v in per_intent(heldout).items() if v["f1-score"] < PER_INTENT_F1_FLOOR}
    top_confusions = [(g, p, n) for (g, p), n in confusion(heldout_out).most_common() if g != p][:10]
    summary = [
        "# NLU evaluation", "",
        f"Model `{model.name}`; cross-validation took {cv_seconds:.0f} s.", "",
        f"- held-out macro-F1 **{heldout_f1:.3f}** (target ≥ {MACRO_F1_TARGET}); "
        f"intents below {PER_INTENT_F1_FLOOR}: {below or 'none'}",
        f"- cross-validation macro-F1 {cv['macro avg']['f1-score']:.3f}", "",
        "Most frequent held-out confusions (gold → predicted, count): "
        + (", ".join(f"{g} → {p} ({n})" for g, p, n in top_confusions) or "none"), "",
        *table("Held-out split (tests/nlu, never trained on)", heldout),
        *table(f"{FOLDS}-fold cross-validation (data/nlu)", cv),
        "## Fallback threshold on the held-out split (config.yml sets the one in use)", "",
        *fallback_tradeoff(heldout_out), "",
        "Confusion matrices: `reports/nlu-*/intent_confusion_matrix.csv` and `.png`.",
    ]
    (REPORTS_DIR / "nlu-summary.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
    print("\n".join(summary))
    ok = heldout_f1 >= MACRO_F1_TARGET and not below
    print(f"\n{'PASS' if ok else 'MISS'}: cross-validation macro-F1 {cv['macro avg']['f1-score']:.4f}; "
          f"held-out macro-F1 {heldout_f1:.4f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
