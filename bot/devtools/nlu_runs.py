"""The measurements behind ``make eval`` and ``nlu_compare``: the same test sets and the same folds for every
candidate (a Rasa pipeline or the baseline), every training cold.

Test sets:
- ``fresh``: ``tests/nlu/test_nlu_realistic.yml``, written by a separate writer who never saw the training data
  (issue 11; docs/nlu-heldout-sources.md). Never trained on, never tuned on.
- ``heldout``: the older held-out split (the other files under ``tests/nlu``), written closer to the training data.
- ``cv``: 5-fold cross-validation on ``data/nlu`` with fixed, stratified folds (seed 42), so two candidates are
  compared on the same splits. Each fold trains on four fifths of the data.
"""

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sklearn.model_selection import StratifiedKFold

from bot.config import PROJECT_ROOT
from bot.devtools import nlu_baseline
from bot.devtools.nlu_data import Example, read_examples, write_examples
from bot.devtools.nlu_metrics import Prediction
from bot.devtools.paths import DATA_DIR, FRESH_NLU, HELDOUT_DIR, RASA_VENV
from bot.text_input import clean_owner_text

FOLDS = 5
FOLD_SEED = 42
RUNNER = Path(__file__).with_name("rasa_nlu_runner.py")
COLD = {"RASA_MAX_CACHE_SIZE": "0", "TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def training_files() -> list[Path]:
    return sorted((DATA_DIR / "nlu").glob("*.yml"))


def old_heldout_files() -> list[Path]:
    return sorted(p for p in HELDOUT_DIR.glob("*.yml") if p != FRESH_NLU)


def test_sets(names: tuple[str, ...] = ("fresh", "heldout")) -> dict[str, list[Example]]:
    """The sets that exist in this checkout (the fresh set may not have landed yet)."""
    sets = {}
    if "fresh" in names and FRESH_NLU.exists():
        sets["fresh"] = read_examples([FRESH_NLU])
    if "heldout" in names:
        sets["heldout"] = read_examples(old_heldout_files())
    return sets


def folds(examples: list[Example], k: int = FOLDS, seed: int = FOLD_SEED) -> list[tuple[list[Example], list[Example]]]:
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    labels = [e.intent for e in examples]
    splits = splitter.split(examples, labels)
    return [([examples[i] for i in train], [examples[i] for i in test]) for train, test in splits]


@dataclass
class Evaluation:
    """One candidate's predictions on each set; ``cv`` pools the five folds' test predictions."""

    name: str
    predictions: dict[str, list[Prediction]] = field(default_factory=dict)
    train_seconds: float | None = None  # NLU on all of data/nlu, cold
    fold_seconds: list[float] = field(default_factory=list)


def evaluate_baseline(sets: dict[str, list[Example]], with_cv: bool = True) -> Evaluation:
    train = read_examples(training_files())
    evaluation = Evaluation(nlu_baseline.NAME)
    started = time.monotonic()
    evaluation.predictions = nlu_baseline.train_and_predict(train, sets)
    evaluation.train_seconds = round(time.monotonic() - started, 1)
    if with_cv:
        evaluation.predictions["cv"] = [
            p for fold_train, fold_test in folds(train)
            for p in nlu_baseline.train_and_predict(fold_train, {"cv": fold_test})["cv"]
        ]
    return evaluation


def _lexicon(target: Path) -> None:
    """The regexes, lookups and synonyms of data/nlu, without its intent examples (a fold brings its own)."""
    for path in training_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        blocks = [b for b in data.get("nlu", []) if "intent" not in b]
        if blocks:
            text = yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False)
            (target / f"lexicon-{path.name}").write_text(text, encoding="utf-8")


def _test_file(examples: list[Example], path: Path) -> str:
    # The text as the channel hands it to Rasa (bot.text_input), entity markup removed.
    items = [{"text": clean_owner_text(e.plain).text, "intent": e.intent} for e in examples]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return str(path)


def evaluate_rasa(config: Path, workdir: Path, sets: dict[str, list[Example]], with_cv: bool = True,
                  log: Path | None = None, name: str | None = None, model: Path | None = None) -> Evaluation:
    """Trains ``config`` NLU-only on all of data/nlu (tested on ``sets``) and on each fold, all cold. With
    ``model``, that trained model is tested on ``sets`` instead of a new NLU-only one."""
    workdir.mkdir(parents=True, exist_ok=True)
    source = {"model": str(model)} if model else {"train_dir": str(DATA_DIR / "nlu")}
    runs = [{"name": "all", **source,
             "tests": {n: _test_file(examples, workdir / f"test-{n}.json") for n, examples in sets.items()}}]
    if with_cv:
        for i, (fold_train, fold_test) in enumerate(folds(read_examples(training_files())), start=1):
            train_dir = workdir / f"fold{i}"
            train_dir.mkdir(exist_ok=True)
            _lexicon(train_dir)
            write_examples(fold_train, train_dir / "examples.yml")
            runs.append({"name": f"fold{i}", "train_dir": str(train_dir),
                         "tests": {"cv": _test_file(fold_test, workdir / f"test-fold{i}.json")}})
    job = workdir / "job.json"
    job.write_text(json.dumps({"config": str(config), "runs": runs, "out": str(workdir)}), encoding="utf-8")
    with (log or workdir / "rasa.log").open("a", encoding="utf-8") as handle:
        subprocess.run([str(RASA_VENV / "bin" / "python"), str(RUNNER), str(job)], cwd=PROJECT_ROOT, check=True,
                       stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **COLD})
    evaluation = Evaluation(name or config.name)
    for run in runs:
        result = json.loads((workdir / f"{run['name']}.json").read_text(encoding="utf-8"))
        for set_name, items in result["predictions"].items():
            evaluation.predictions.setdefault(set_name, []).extend(
                Prediction(i["text"], i["intent"], i["predicted"] or "", i["confidence"]) for i in items)
        if run["name"] == "all":
            evaluation.train_seconds = result["train_seconds"]
        else:
            evaluation.fold_seconds.append(result["train_seconds"])
    return evaluation
