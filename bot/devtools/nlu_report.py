"""Markdown for the NLU reports: figures per set, per intent, the confusions and every error, side by side with the
baseline of the same run."""

import json
from pathlib import Path

from bot.devtools.nlu_metrics import Prediction, accuracy, confusions, fallback_tradeoff, macro_f1, scores, weakest
from bot.devtools.nlu_runs import Evaluation

SET_TITLES = {
    "fresh": "fresh held-out set (tests/nlu/test_nlu_realistic.yml, separate writer)",
    "cv": "5-fold cross-validation (data/nlu, fixed folds)",
    "heldout": "old held-out split (the other files under tests/nlu)",
}


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def overview(evaluations: list[Evaluation]) -> list[str]:
    sets = [s for s in SET_TITLES if any(s in e.predictions for e in evaluations)]
    lines = ["| candidate | NLU training, cold (s) | " + " | ".join(f"{s} macro-F1 | {s} weakest" for s in sets) + " |",
             "|---|---:|" + "---:|---|" * len(sets)]
    for e in evaluations:
        cells = []
        for s in sets:
            predictions = e.predictions.get(s)
            if not predictions:
                cells += ["–", "–"]
                continue
            worst = ", ".join(f"{label} {f1:.2f}" for label, f1 in weakest(predictions, 2))
            cells += [f"{macro_f1(predictions):.3f}", worst]
        seconds = "–" if e.train_seconds is None else f"{e.train_seconds:.1f}"
        lines.append(f"| {e.name} | {seconds} | " + " | ".join(cells) + " |")
    return lines


def per_intent(set_name: str, main: Evaluation, others: list[Evaluation]) -> list[str]:
    predictions = main.predictions[set_name]
    other_scores = [(e.name, scores(e.predictions[set_name])) for e in others if set_name in e.predictions]
    header = "| intent | precision | recall | F1 | support | " + " | ".join(f"F1 {n}" for n, _ in other_scores)
    lines = [header + " |", "|---|---:|---:|---:|---:|" + "---:|" * len(other_scores)]
    for label, s in scores(predictions).items():
        theirs = [_f(o[label].f1) if label in o else "–" for _, o in other_scores]
        lines.append(f"| {label} | {s.precision:.3f} | {s.recall:.3f} | **{s.f1:.3f}** | {s.support} | "
                     + " | ".join(theirs) + " |")
    theirs = [f"{macro_f1(e.predictions[set_name]):.3f}" for e in others if set_name in e.predictions]
    lines.append(f"| **macro** | | | **{macro_f1(predictions):.3f}** | {len(predictions)} | " + " | ".join(theirs)
                 + " |")
    lines.append(f"\nAccuracy {accuracy(predictions):.3f}.")
    return lines


def confusion_lines(predictions: list[Prediction], limit: int = 15) -> list[str]:
    cells = confusions(predictions)[:limit]
    if not cells:
        return ["No confusions."]
    return ["| right intent | predicted | count |", "|---|---|---:|", *(f"| {g} | {p} | {n} |" for g, p, n in cells)]


def fallback_lines(predictions: list[Prediction]) -> list[str]:
    lines = ["| fallback threshold | right answers sent to “您是想……吗？” | wrong answers caught |", "|---:|---:|---:|"]
    for cell in fallback_tradeoff(predictions):
        lines.append(f"| {cell.threshold} | {cell.right_asked} / {cell.right_total} | "
                     f"{cell.wrong_caught} / {cell.wrong_total} |")
    return lines


def error_list(predictions: list[Prediction]) -> list[str]:
    """Every error, grouped by the right intent, for a person to read."""
    errors = sorted((p for p in predictions if not p.right), key=lambda p: (p.intent, p.predicted, p.text))
    lines = ["| right intent | predicted (confidence) | message |", "|---|---|---|"]
    lines += [f"| {p.intent} | {p.predicted} ({p.confidence:.2f}) | {p.text.replace('|', '｜')} |" for p in errors]
    return lines


def write_json(evaluations: list[Evaluation], path: Path, extra: dict | None = None) -> None:
    data = {
        "candidates": [
            {"name": e.name, "train_seconds": e.train_seconds, "fold_seconds": e.fold_seconds,
             "sets": {s: {"macro_f1": round(macro_f1(p), 4), "accuracy": round(accuracy(p), 4), "examples": len(p),
                          "per_intent": {k: round(v.f1, 4) for k, v in scores(p).items()},
                          "fallback": [vars(cell) for cell in fallback_tradeoff(p)]}
                      for s, p in e.predictions.items()}}
            for e in evaluations
        ],
        **(extra or {}),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
