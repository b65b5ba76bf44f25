"""Starting and stopping the local stack: action server, Rasa server and (optionally) the app.

Shared by ``wuyebot run``, the integration tests and the benchmark so all three start the stack the same way.
Each process runs in its own session (process group), so stopping kills grandchildren too and frees the ports.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.config import PROJECT_ROOT
from bot.devtools.paths import RASA_BIN

READY_TIMEOUT_SECONDS = 240
STOP_GRACE_SECONDS = 10
QUIET_ENV = {"SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2"}


class StackError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
                stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
            )

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def wait_ready(self, timeout: float = READY_TIMEOUT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                raise StackError(f"{self.name} exited early; last lines of {self.log}:\n{self.tail()}")
            try:
                if httpx.get(self.ready_url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise StackError(f"{self.name} not ready after {timeout:.0f}s; last lines of {self.log}:\n{self.tail()}")

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log and self.log.exists() else ""

    def signal(self, signum: int) -> None:
        if self.alive:
            os.killpg(self.popen.pid, signum)


@dataclass
class Stack:
    """The processes of one local stack; use as a context manager or call start()/stop()."""

    model: Path
    log_dir: Path
    rasa_port: int
    action_port: int
    app_port: int | None = None
    endpoints: Path | None = None
    rasa_token: str | None = None
    # The company database the action server and the app use (unset: DATABASE_URL or the embedded default).
    database_url: str | None = None
    processes: list[Process] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def app_url(self) -> str | None:
        return f"http://127.0.0.1:{self.app_port}" if self.app_port else None

    def _endpoints_file(self) -> Path:
        if self.endpoints:
            return self.endpoints
        path = self.log_dir / "endpoints.yml"
        path.write_text(f'action_endpoint:\n  url: "{self.actions_url}/webhook"\n')
        return path

    def _plan(self) -> list[Process]:
        database = {"DATABASE_URL": self.database_url} if self.database_url else {}
        token_query = f"?token={self.rasa_token}" if self.rasa_token else ""
        rasa_command = [
            str(RASA_BIN), "run", "--model", str(self.model), "--endpoints", str(self._endpoints_file()),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"), "--interface", "127.0.0.1",
            "--port", str(self.rasa_port), "--enable-api",
        ] + (["--auth-token", self.rasa_token] if self.rasa_token else [])
        plan = [
            # RASA_URL: the action server reads the clauses of a message with several concerns through Rasa.
            Process("actions", [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions",
                                "--port", str(self.action_port)],
                    f"{self.actions_url}/health",
                    env={"SANIC_HOST": "127.0.0.1", "RASA_URL": self.rasa_url, **database,
                         **({"RASA_TOKEN": self.rasa_token} if self.rasa_token else {})}),
            Process("rasa", rasa_command, f"{self.rasa_url}/status{token_query}"),
        ]
        if self.app_port:
            plan.append(Process(
                "app", [sys.executable, "-m", "uvicorn", "bot.app:create_app", "--factory", "--host", "127.0.0.1",
                        "--port", str(self.app_port), "--log-level", "warning"],
                f"{self.app_url}/healthz",
                # APP_PORT too: the app's fake WeChat API is addressed through it.
                env={"RASA_URL": self.rasa_url, "APP_HOST": "127.0.0.1", "APP_PORT": str(self.app_port), **database,
                     **({"RASA_TOKEN": self.rasa_token} if self.rasa_token else {})},
            ))
        return plan

    def start(self) -> "Stack":
        if not RASA_BIN.exists():
            raise StackError(f"no Rasa environment at {RASA_BIN}; run `make venvs`")
        if not self.model.exists():
            raise StackError(f"no trained model at {self.model}; run `make train`")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.processes = self._plan()
        try:
            for process in self.processes:
                process.start(self.log_dir)
            for process in self.processes:
                process.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in self.processes:
            process.signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in self.processes:
            if process.popen is None:
                continue
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.signal(signal.SIGKILL)
                process.popen.wait()

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
