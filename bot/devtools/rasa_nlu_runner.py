"""Train NLU models and collect their predictions, inside Rasa's own environment (``.venv-rasa``, Python 3.10).

Run as a script by ``bot.devtools.nlu_runs`` (never imported by the app): it imports only Rasa and the standard
library. One process trains every model of a job file, so TensorFlow is loaded once, not once per fold.

    .venv-rasa/bin/python bot/devtools/rasa_nlu_runner.py JOB.json

The job file is ``{"config": PATH, "runs": [{"name", "train_dir", "tests": {NAME: JSON_FILE}}], "out": DIR}``
(a run with ``"model": PATH`` instead of ``"train_dir"`` tests that model without training);
each test file is a list of ``{"text", "intent"}``. For every run it writes ``OUT/<name>.json``:
``{"train_seconds", "predictions": {NAME: [{"text", "intent", "predicted", "confidence"}]}}``. The caller sets
``RASA_MAX_CACHE_SIZE=0`` so that every training is cold, as on a fresh machine.
"""

import asyncio
import json
import sys
import time
from pathlib import Path


def _predict(agent, items: list) -> list:
    from rasa.nlu.classifiers.fallback_classifier import (
        is_fallback_classifier_prediction,
        undo_fallback_prediction,
    )

    async def parse_all() -> list:
        return [await agent.parse_message(item["text"]) for item in items]

    predictions = []
    for item, parsed in zip(items, asyncio.run(parse_all()), strict=True):
        # As `rasa test nlu` does: score the classifier's own answer; the fallback is measured separately.
        if is_fallback_classifier_prediction(parsed):
            parsed = undo_fallback_prediction(parsed)
        intent = parsed.get("intent") or {}
        predictions.append({**item, "predicted": intent.get("name"), "confidence": intent.get("confidence", 0.0)})
    return predictions


def main(job_file: str) -> int:
    import logging
    import os

    # As the rasa CLI does: custom components (nlu_components/) load from the project root.
    sys.path.insert(1, os.getcwd())

    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # Rasa logs every parsed message at debug level otherwise.
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    out = Path(job["out"])
    for run in job["runs"]:
        started = time.monotonic()
        model = run.get("model") or train_nlu(
            job["config"], run["train_dir"], str(out / "models"), fixed_model_name=run["name"])
        seconds = None if "model" in run else round(time.monotonic() - started, 1)
        if not model:
            print(f"training {run['name']} failed", file=sys.stderr)
            return 1
        agent = Agent.load(model)
        predictions = {
            name: _predict(agent, json.loads(Path(path).read_text(encoding="utf-8")))
            for name, path in run["tests"].items()
        }
        if "model" not in run:
            Path(model).unlink()
        result = {"train_seconds": seconds, "predictions": predictions}
        (out / f"{run['name']}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        print(f"{run['name']}: trained in {seconds} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
