"""The trained model, cached by a hash of everything that shapes it.

``python -m bot.devtools.model path``   prints the model file for the current config, domain and data
``python -m bot.devtools.model train``  trains it unless that file already exists, and prints how long it took
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.devtools.paths import CONFIG_FILE, DATA_DIR, DOMAIN_DIR, MODELS_DIR, RASA_BIN

TRAINING_TARGET_SECONDS = 180
KEEP_MODELS = 3
# Rasa's own version shapes the model too.
_HASHED_FILES = ("config.yml", "requirements-rasa.txt")


def model_inputs() -> list[Path]:
    files = [PROJECT_ROOT / name for name in _HASHED_FILES]
    files += sorted(p for p in DOMAIN_DIR.rglob("*") if p.is_file())
    files += sorted(p for p in DATA_DIR.rglob("*") if p.is_file())
    # Custom NLU components are part of the model too (Rasa runs them at training and at parse time).
    files += sorted((PROJECT_ROOT / "nlu_components").glob("*.py"))
    return files


def model_hash() -> str:
    digest = hashlib.sha256()
    for path in model_inputs():
        digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS_DIR / f"wuyebot-{model_hash()}.tar.gz"


def _prune_old_models(keep: Path) -> None:
    models = sorted(MODELS_DIR.glob("wuyebot-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [m for m in models if m != keep][KEEP_MODELS - 1:]:
        old.unlink()


def train_into(target: Path, cold: bool = False, log: Path | None = None) -> float:
    """Trains the whole model (NLU and dialogue) into ``target``; returns the seconds it took. ``cold`` turns
    Rasa's component cache off, so the time is what a fresh machine needs."""
    command = [
        str(RASA_BIN), "train",
        "--config", str(CONFIG_FILE), "--domain", str(DOMAIN_DIR), "--data", str(DATA_DIR),
        "--out", str(target.parent), "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    env = {**os.environ, "RASA_MAX_CACHE_SIZE": "0"} if cold else None
    print("Training:", " ".join(command), "(cold)" if cold else "", flush=True)
    started = time.monotonic()
    if log is None:
        subprocess.run(command, cwd=PROJECT_ROOT, check=True, env=env)
    else:
        with log.open("a", encoding="utf-8") as handle:
            subprocess.run(command, cwd=PROJECT_ROOT, check=True, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return time.monotonic() - started


def train(force: bool = False) -> Path:
    target = model_path()
    if target.exists() and not force:
        print(f"Model up to date: {target.relative_to(PROJECT_ROOT)} (config, domain and data unchanged)")
        return target
    MODELS_DIR.mkdir(exist_ok=True)
    seconds = train_into(target)
    _prune_old_models(target)
    verdict = "within" if seconds < TRAINING_TARGET_SECONDS else "OVER"
    print(f"Training took {seconds:.1f} s on this machine ({verdict} the {TRAINING_TARGET_SECONDS} s target)")
    print(f"Model: {target.relative_to(PROJECT_ROOT)}")
    return target


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "path"
    if command == "path":
        print(model_path())
    elif command == "hash":
        print(model_hash())
    elif command == "train":
        train(force="--force" in argv)
    else:
        print(f"unknown command {command!r}; use path, hash or train", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
