"""Scoring intent predictions: per-intent precision/recall/F1, macro-F1, the confusion matrix, the fallback trade-off.

The same code scores Rasa's predictions and the baseline's, so their figures are comparable.
"""

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Prediction:
    text: str
    intent: str  # the right answer
    predicted: str
    confidence: float = 1.0

    @property
    def right(self) -> bool:
        return self.intent == self.predicted


@dataclass(frozen=True)
class IntentScore:
    precision: float
    recall: float
    f1: float
    support: int


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def scores(predictions: list[Prediction]) -> dict[str, IntentScore]:
    """Per intent, over every intent that is either the right answer or predicted (as scikit-learn does)."""
    labels = sorted({p.intent for p in predictions} | {p.predicted for p in predictions})
    result = {}
    for label in labels:
        true_positive = sum(p.intent == label and p.right for p in predictions)
        predicted = sum(p.predicted == label for p in predictions)
        support = sum(p.intent == label for p in predictions)
        precision, recall = _ratio(true_positive, predicted), _ratio(true_positive, support)
        f1 = _ratio(2 * true_positive, predicted + support)
        result[label] = IntentScore(precision, recall, f1, support)
    return result


def macro_f1(predictions: list[Prediction]) -> float:
    per_intent = scores(predictions)
    return sum(s.f1 for s in per_intent.values()) / len(per_intent) if per_intent else 0.0


def accuracy(predictions: list[Prediction]) -> float:
    return _ratio(sum(p.right for p in predictions), len(predictions))


def weakest(predictions: list[Prediction], n: int = 3) -> list[tuple[str, float]]:
    """The n intents with the lowest F1 among those the set tests (support > 0)."""
    tested = [(label, s.f1) for label, s in scores(predictions).items() if s.support]
    return sorted(tested, key=lambda item: (item[1], item[0]))[:n]


def confusion(predictions: list[Prediction]) -> Counter:
    return Counter((p.intent, p.predicted) for p in predictions)


def confusions(predictions: list[Prediction]) -> list[tuple[str, str, int]]:
    """Off-diagonal cells, most frequent first: (right intent, predicted intent, count)."""
    cells = confusion(predictions).most_common()
    return [(gold, predicted, n) for (gold, predicted), n in cells if gold != predicted]


def write_confusion_csv(predictions: list[Prediction], path: Path) -> None:
    pairs = confusion(predictions)
    labels = sorted({gold for gold, _ in pairs} | {predicted for _, predicted in pairs})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["right \\ predicted", *labels])
        for gold in labels:
            writer.writerow([gold, *(pairs.get((gold, predicted), 0) for predicted in labels)])


@dataclass(frozen=True)
class FallbackCell:
    threshold: float
    right_asked: int  # right answers the fallback would turn into "您是想……吗？"
    right_total: int
    wrong_caught: int  # wrong answers it would catch before the bot acts on them
    wrong_total: int


def fallback_tradeoff(predictions: list[Prediction], thresholds=(0.3, 0.4, 0.5, 0.6, 0.7)) -> list[FallbackCell]:
    right = [p.confidence for p in predictions if p.right]
    wrong = [p.confidence for p in predictions if not p.right]
    return [FallbackCell(t, sum(c < t for c in right), len(right), sum(c < t for c in wrong), len(wrong))
            for t in thresholds]
