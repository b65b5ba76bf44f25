"""The key that signs the app's cookies: WUYEBOT_SECRET_KEY, or one drawn once and kept under the var directory.

Several app instances must share WUYEBOT_SECRET_KEY (production); the local file is for the embedded default, so a
restart does not start every web-chat visitor over.
"""

import os
import secrets
from pathlib import Path

MIN_LENGTH = 32


def secret_key(configured: str | None, var_dir: Path) -> str:
    if configured:
        if len(configured) < MIN_LENGTH:
            raise ValueError(f"WUYEBOT_SECRET_KEY must be at least {MIN_LENGTH} characters")
        return configured
    path = var_dir / "secret_key"
    try:
        existing = path.read_text(encoding="ascii").strip()
        if len(existing) >= MIN_LENGTH:
            return existing
    except FileNotFoundError:
        pass
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Created private (0600) and atomically: another process starting at the same moment keeps the first key.
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    try:
        os.link(tmp, path)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
    finally:
        tmp.unlink()
    return key
