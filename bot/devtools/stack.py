"""Starting and stopping the local stack: action server, Rasa server and (optionally) the app.

Shared by ``wuyebot run``, the integration tests and the benchmark so all three start the stack the same way.
Everything listens on 127.0.0.1 and the internal hops carry tokens all the same: a random pair per run unless
given (the app → Rasa's REST channel and HTTP API: RASA_TOKEN; Rasa → the action server: ACTION_SERVER_TOKEN, in
the endpoints file this Stack writes for Rasa, with the action server's port and the tracker store's file).

Each process runs in its own session (process group), so stopping kills grandchildren too and frees the ports.
``stop()`` is idempotent and cannot be cut short: a caller's later signals call ``hurry()``, which only brings the
SIGKILL forward.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from bot.config import PROJECT_ROOT
from bot.devtools.paths import RASA_BIN
from bot.infra.internal_auth import bearer_header

READY_TIMEOUT_SECONDS = 240
STOP_GRACE_SECONDS = 10  # SIGTERM first: Rasa, uvicorn and Sanic close cleanly well within this
HURRIED_GRACE_SECONDS = 2  # after a second request to stop
KILL_WAIT_SECONDS = 10  # SIGKILL cannot be refused; this only bounds the wait for the kernel
POLL_SECONDS = 0.2
QUIET_ENV = {"SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}


class StackError(RuntimeError):
    pass


class StackInterrupted(StackError):
    """Start-up was abandoned because a stop was requested."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live_process_groups() -> set[int] | None:
    """The process groups that have a running member (zombies waiting to be reaped do not count); None where
    /proc is not there to tell."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    groups = set()
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid pgrp ...": comm may hold spaces, so split after its closing parenthesis.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # it exited while we looked
        if fields[0] != "Z":
            groups.add(int(fields[2]))
    return groups


def _group_alive(pgid: int, live: set[int] | None) -> bool:
    if live is not None:
        return pgid in live
    try:  # not Linux: ask the kernel whether the group still exists at all
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class Process:
    name: str
    command: list[str]
    ready_url: str
    env: dict[str, str] = field(default_factory=dict)
    popen: subprocess.Popen | None = None
    log: Path | None = None

    def start(self, log_dir: Path) -> None:
        self.log = log_dir / f"{self.name}.log"
        with self.log.open("ab") as handle:
            self.popen = subprocess.Popen(
                self.command, cwd=PROJECT_ROOT, env={**os.environ, **QUIET_ENV, **self.env},
                stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def group_alive(self, live: set[int] | None) -> bool:
        """The process or anything it started (its process group) is still running."""
        if self.popen is None:
            return False
        self.popen.poll()  # reap the leader if it exited
        return _group_alive(self.popen.pid, live)

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS,
                   stop_requested: Callable[[], bool] = lambda: False) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if stop_requested():
                raise StackInterrupted(f"stopped while {self.name} was starting")
            if not self.alive:
                code = self.popen.returncode if self.popen else None
                how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                raise StackError(f"{self.name} exited early ({how}); last lines of {self.log}:\n{self.tail()}")
            try:
                if httpx.get(self.ready_url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        raise StackError(f"{self.name} not ready after {timeout:.0f}s; last lines of {self.log}:\n{self.tail()}")

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log and self.log.exists() else ""

    def signal(self, signum: int) -> None:
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)


@dataclass
class Stack:
    """The processes of one local stack; use as a context manager or call start()/stop()."""

    model: Path
    log_dir: Path
    rasa_port: int
    action_port: int
    app_port: int | None = None
    # Rasa's endpoints to start from (e.g. the project's endpoints.yml: its tracker store); the action endpoint
    # is always this stack's own. None: no tracker store (Rasa keeps conversations in memory).
    endpoints: Path | None = None
    tracker_db: Path | None = None  # where a SQLite tracker store of ``endpoints`` keeps its file
    rasa_token: str | None = None  # None: a random token for this run
    action_token: str | None = None  # None: a random token for this run
    # The company database the action server and the app use (unset: DATABASE_URL or the embedded default).
    database_url: str | None = None
    processes: list[Process] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Hex: a token starting with "-" would read as an option on Rasa's command line.
        self.rasa_token = self.rasa_token or secrets.token_hex(24)
        self.action_token = self.action_token or secrets.token_hex(24)
        self._stopping = False
        self._deadline: float | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def app_url(self) -> str | None:
        return f"http://127.0.0.1:{self.app_port}" if self.app_port else None

    @property
    def rasa_headers(self) -> dict[str, str]:
        """What a client of Rasa's REST channel must send (bot.rasa_channel)."""
        return bearer_header(self.rasa_token)

    @property
    def stopping(self) -> bool:
        return self._stopping

    def endpoints_config(self) -> dict:
        config = yaml.safe_load(self.endpoints.read_text(encoding="utf-8")) if self.endpoints else {}
        config = config or {}
        config["action_endpoint"] = {"url": f"{self.actions_url}/webhook", "headers": bearer_header(self.action_token)}
        store = config.get("tracker_store")
        if self.tracker_db and isinstance(store, dict) and store.get("dialect") == "sqlite":
            store["db"] = str(self.tracker_db)
        return config

    def _endpoints_file(self) -> Path:
        path = self.log_dir / "endpoints.yml"
        path.unlink(missing_ok=True)
        # It holds the action server's token: readable by this user only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yaml.safe_dump(self.endpoints_config(), handle, allow_unicode=True, sort_keys=False)
        return path

    def _plan(self) -> list[Process]:
        database = {"DATABASE_URL": self.database_url} if self.database_url else {}
        rasa_command = [
            str(RASA_BIN), "run", "--model", str(self.model), "--endpoints", str(self._endpoints_file()),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"), "--interface", "127.0.0.1",
            "--port", str(self.rasa_port), "--enable-api", f"--auth-token={self.rasa_token}",
        ]
        plan = [
            # RASA_URL and RASA_TOKEN: the action server reads the clauses of a message with several concerns
            # through Rasa's HTTP API (/model/parse), which wants the token like every other caller.
            Process("actions", [sys.executable, "-m", "bot.action_server", "--host", "127.0.0.1",
                                "--port", str(self.action_port)],
                    f"{self.actions_url}/health",
                    env={"ACTION_SERVER_TOKEN": self.action_token, "RASA_URL": self.rasa_url,
                         "RASA_TOKEN": self.rasa_token, **database}),
            Process("rasa", rasa_command, f"{self.rasa_url}/status?token={self.rasa_token}",
                    env={"RASA_TOKEN": self.rasa_token}),
        ]
        if self.app_port:
            plan.append(Process(
                "app", [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(self.app_port),
                        "--log-level", "warning"],
                f"{self.app_url}/healthz",
                # APP_PORT too: the app's fake WeChat API is addressed through it.
                env={"RASA_URL": self.rasa_url, "RASA_TOKEN": self.rasa_token, "APP_HOST": "127.0.0.1",
                     "APP_PORT": str(self.app_port), **database},
            ))
        return plan

    def start(self, stop_requested: Callable[[], bool] = lambda: False) -> "Stack":
        """Start every process and wait until each answers. ``stop_requested`` is polled meanwhile: when it
        turns true, start-up ends with StackInterrupted (after stopping what was started)."""
        if not RASA_BIN.exists():
            raise StackError(f"no Rasa environment at {RASA_BIN}; run `make venvs`")
        if not self.model.exists():
            raise StackError(f"no trained model at {self.model}; run `make train`")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.processes = self._plan()
        try:
            for process in self.processes:
                if stop_requested():
                    raise StackInterrupted("stopped during start-up")
                process.start(self.log_dir)
            for process in self.processes:
                process.wait_ready(stop_requested=stop_requested)
        except BaseException:
            self.stop()
            raise
        return self

    def hurry(self) -> None:
        """Another request to stop: shorten the grace (once), then kill at once. Safe from a signal handler."""
        now = time.monotonic()
        if self._deadline is None or self._deadline - now > HURRIED_GRACE_SECONDS:
            self._deadline = now + HURRIED_GRACE_SECONDS
        else:
            self._deadline = now

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """SIGTERM to every process group, SIGKILL to what is left at the deadline; returns when all are gone."""
        first = not self._stopping
        self._stopping = True
        if first:
            if self._deadline is None:
                self._deadline = time.monotonic() + grace
            for process in self.processes:
                process.signal(signal.SIGTERM)
        killed_at = None
        while True:
            live = live_process_groups()
            left = [p.name for p in self.processes if p.group_alive(live)]
            if not left:
                break
            now = time.monotonic()
            if now >= (self._deadline or 0):
                killed_at = killed_at or now
                for process in self.processes:
                    process.signal(signal.SIGKILL)
                if now - killed_at > KILL_WAIT_SECONDS:
                    raise StackError(f"still running after SIGKILL: {', '.join(left)}")
            time.sleep(POLL_SECONDS)
        for process in self.processes:
            if process.popen is not None:
                process.popen.wait()

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
