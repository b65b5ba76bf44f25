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


# The embedded default's WeChat identity: shown on the simulator page, never valid on the real platform.
DEV_WECHAT_TOKEN = "wuyebot-dev-token"
DEV_WECHAT_APP_ID = "wxwuyebotdev00001"
DEV_WECHAT_AES_KEY = "d3V5ZWJvdC1kZXYta2V5LW5vdC1mb3ItcHJvZHVjdGlv"[:43]


@dataclass(frozen=True)
class WeChatSettings:
    """WeChat's own variable names. No WECHAT_APP_SECRET means the loopback fake WeChat API takes the calls."""

    app_id: str = DEV_WECHAT_APP_ID
    app_secret: str | None = None
    token: str = DEV_WECHAT_TOKEN
    encoding_aes_key: str | None = DEV_WECHAT_AES_KEY
    # A configured key accepts encrypted posts only; the development key lets the simulator show plain mode too.
    encrypted_only: bool = False
    path: str = "/wechat"
    api_base: str | None = None  # where outbound calls go while faked (default: the app's own /_fakewechat)
    reply_budget_seconds: float = 4.0
    timestamp_window_seconds: int = 300
    max_body_bytes: int = 64 * 1024
    notice_template_id: str | None = None  # template for replies the 48-hour window no longer allows
    dedup_ttl_seconds: int = 600
    retry_interval_seconds: float = 30.0
    handoff_wait_minutes: int = 30

    @property
    def uses_fake_api(self) -> bool:
        return not self.app_secret

    @property
    def is_development(self) -> bool:
        """Nothing configured: the simulator page is offered and the development token is shown."""
        return self.uses_fake_api and self.token == DEV_WECHAT_TOKEN

    @property
    def is_configured(self) -> bool:
        """A real account's credentials (a secret or a token) are set."""
        return bool(self.app_secret) or self.token != DEV_WECHAT_TOKEN


def _wechat_settings(app_host: str, app_port: int) -> WeChatSettings:
    secret = os.environ.get("WECHAT_APP_SECRET") or None
    token = os.environ.get("WECHAT_TOKEN") or None
    aes_key = os.environ.get("WECHAT_ENCODING_AES_KEY") or None
    configured = bool(secret or token)
    return WeChatSettings(
        app_id=_env("WECHAT_APP_ID", DEV_WECHAT_APP_ID),
        app_secret=secret,
        token=token or DEV_WECHAT_TOKEN,
        # A configured account without a key runs in plain mode; the development default can encrypt.
        encoding_aes_key=aes_key if configured else (aes_key or DEV_WECHAT_AES_KEY),
        encrypted_only=aes_key is not None,
        path=_env("WECHAT_PATH", "/wechat"),
        api_base=None if secret else _env("WECHAT_API_BASE", f"http://{app_host}:{app_port}/_fakewechat"),
        reply_budget_seconds=float(_env("WECHAT_REPLY_BUDGET_SECONDS", "4")),
        timestamp_window_seconds=int(_env("WECHAT_TIMESTAMP_WINDOW_SECONDS", "300")),
        max_body_bytes=int(_env("WECHAT_MAX_BODY_BYTES", str(64 * 1024))),
        notice_template_id=os.environ.get("WECHAT_NOTICE_TEMPLATE_ID") or None,
        dedup_ttl_seconds=int(_env("WECHAT_DEDUP_TTL_SECONDS", "600")),
        retry_interval_seconds=float(_env("WECHAT_RETRY_INTERVAL_SECONDS", "30")),
        handoff_wait_minutes=int(_env("HANDOFF_WAIT_MINUTES", "30")),
    )


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
    wechat: "WeChatSettings" = field(default_factory=lambda: WeChatSettings())
    # The shared secret Rasa sends to the action server on every call (bot.action_server checks it).
    action_server_token: str | None = None
    # Signs the web chat's cookie (bot.infra.secret_key: unset means a key kept under var_dir).
    secret_key: str | None = None
    # The web chat (a demo channel: never bound to real records). Unset: on unless WeChat credentials are set.
    webchat_enabled: bool = True
    # Addresses whose X-Forwarded-For/-Proto the app believes (uvicorn's forwarded_allow_ips); None: nobody's.
    forwarded_allow_ips: str | None = None
    timezone: str = "Asia/Shanghai"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def uses_redis(self) -> bool:
        return self.redis_url is not None


def _flag(name: str) -> bool | None:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return None
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be 1 or 0, not {value!r}")


def load_settings(env_file: Path | None = None) -> Settings:
    load_dotenv(env_file or Path.cwd() / ".env", override=False)
    var_dir = Path(_env("WUYEBOT_VAR_DIR", str(PROJECT_ROOT / "var")))
    app_host, app_port = _env("APP_HOST", "127.0.0.1"), int(_env("APP_PORT", "8000"))
    wechat = _wechat_settings(app_host, app_port)
    webchat = _flag("WEBCHAT_ENABLED")
    return Settings(
        var_dir=var_dir,
        database_url=_env("DATABASE_URL", f"sqlite:///{var_dir / 'wuyebot.db'}"),
        redis_url=os.environ.get("REDIS_URL") or None,
        rasa_url=_env("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
        rasa_token=os.environ.get("RASA_TOKEN") or None,
        action_server_host=_env("ACTION_SERVER_HOST", "127.0.0.1"),
        action_server_port=int(_env("ACTION_SERVER_PORT", "5055")),
        app_host=app_host,
        app_port=app_port,
        rasa_timeout_seconds=float(_env("RASA_TIMEOUT_SECONDS", "10")),
        wechat=wechat,
        timezone=_env("WUYEBOT_TIMEZONE", "Asia/Shanghai"),
        action_server_token=os.environ.get("ACTION_SERVER_TOKEN") or None,
        secret_key=os.environ.get("WUYEBOT_SECRET_KEY") or None,
        webchat_enabled=(not wechat.is_configured) if webchat is None else webchat,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "").strip() or None,
    )
