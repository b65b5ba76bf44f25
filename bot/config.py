"""Settings from the environment (12-factor). Nothing here connects to anything.

Unset means the embedded default: SQLite under ``var/``, no Redis, everything on 127.0.0.1.
A ``.env`` file in the working directory is read first if present; real environment variables win.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str
    redis_url: str | None
    rasa_url: str
    rasa_token: str | None
    action_server_host: str
    action_server_port: int
    app_host: str
    app_port: int
    rasa_timeout_seconds: float
    timezone: str = "Asia/Shanghai"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def uses_redis(self) -> bool:
        return self.redis_url is not None


def load_settings(env_file: Path | None = None) -> Settings:
    load_dotenv(env_file or Path.cwd() / ".env", override=False)
    var_dir = Path(_env("WUYEBOT_VAR_DIR", str(PROJECT_ROOT / "var")))
    return Settings(
        var_dir=var_dir,
        database_url=_env("DATABASE_URL", f"sqlite:///{var_dir / 'wuyebot.db'}"),
        redis_url=os.environ.get("REDIS_URL") or None,
        rasa_url=_env("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
        rasa_token=os.environ.get("RASA_TOKEN") or None,
        action_server_host=_env("ACTION_SERVER_HOST", "127.0.0.1"),
        action_server_port=int(_env("ACTION_SERVER_PORT", "5055")),
        app_host=_env("APP_HOST", "127.0.0.1"),
        app_port=int(_env("APP_PORT", "8000")),
        rasa_timeout_seconds=float(_env("RASA_TIMEOUT_SECONDS", "10")),
        timezone=_env("WUYEBOT_TIMEZONE", "Asia/Shanghai"),
    )
