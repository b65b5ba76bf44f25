"""``make run`` stops everything it started, whatever mix of signals reaches its process group, however often.

What a closed terminal or a process manager does: SIGTERM to the whole process group of ``make run`` (make passes
it on to its child as well), then SIGINT twice. Ten rounds in a row, with the signals landing at different moments
of start-up (the database step, the action server starting, Rasa loading its model, which is where orphans used
to appear) and after the stack is fully up, and with different gaps between the signals. After each round no
process the round started may be left, and its three ports must be free.

Each round's processes carry a marker in their environment, so the check finds grandchildren (Sanic's worker
processes) too, wherever they were reparented.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.devtools.model import model_path
from bot.devtools.paths import RASA_BIN
from bot.devtools.stack import free_port
from tests.conftest import missing_service

pytestmark = pytest.mark.integration

MARKER = "WUYEBOT_STOP_TEST_ROUND"
STARTING = "Starting the action server"
RUNNING = "wuyebot is running"
# (what to wait for, seconds after it, gaps between SIGTERM, SIGINT, SIGINT)
ROUNDS = [
    ("launch", 0.3, (0.0, 0.0)),  # make is still checking the model, or the database step
    ("starting", 0.0, (0.2, 0.2)),  # the processes are being started
    ("starting", 1.0, (0.0, 0.2)),
    ("starting", 2.0, (0.0, 0.0)),
    ("starting", 5.0, (1.5, 1.5)),  # a later signal that hurries the stop
    ("starting", 9.0, (0.2, 1.2)),  # Rasa is loading its model
    ("starting", 14.0, (0.0, 0.0)),
    ("starting", 20.0, (1.2, 0.0)),
    ("running", 0.0, (0.0, 0.0)),  # fully up
    ("running", 2.0, (1.5, 0.3)),
]
EXIT_TIMEOUT_SECONDS = 60


def _marked_processes(marker: str) -> list[str]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"{MARKER}={marker}".encode() in environ.read_bytes().split(b"\0"):
                stat = (environ.parent / "stat").read_text()
                if stat.rsplit(")", 1)[1].split()[0] != "Z":
                    found.append((environ.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:200])
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # what the servers themselves do
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _phase(shown: str, ports: dict[str, int]) -> str:
    if RUNNING in shown:
        return "up"
    if STARTING not in shown:
        return "before the stack"
    return "starting" if _listening(ports["RASA"]) else "rasa loading"


def _wait_for(log: Path, text: str, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise AssertionError(f"make run ended before {text!r}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.1)
    raise AssertionError(f"no {text!r} after {timeout:.0f}s:\n{log.read_text(errors='replace')[-3000:]}")


def test_make_run_stops_everything_however_it_is_signalled(tmp_path):
    if not RASA_BIN.exists() or not model_path().exists():
        missing_service("the Rasa environment and a trained model (make train)")
    make = shutil.which("make")
    if make is None:
        missing_service("GNU make")
    var_dir = tmp_path / "var"  # one for all rounds: the demo data is seeded once
    hit = []
    for number, (after, delay, gaps) in enumerate(ROUNDS, start=1):
        marker = uuid.uuid4().hex
        ports = {"APP_PORT": free_port(), "ACTION_SERVER_PORT": free_port(), "RASA": free_port()}
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "RASA_", "ACTION_SERVER_"))}
        env.update({MARKER: marker, "WUYEBOT_VAR_DIR": str(var_dir), "APP_PORT": str(ports["APP_PORT"]),
                    "ACTION_SERVER_PORT": str(ports["ACTION_SERVER_PORT"]),
                    "RASA_URL": f"http://127.0.0.1:{ports['RASA']}"})
        env.pop("DATABASE_URL", None)
        log = tmp_path / f"round-{number}.log"
        with log.open("wb") as out:
            # Its own process group, as a terminal gives a foreground job.
            make_run = subprocess.Popen([make, "--no-print-directory", "run"], cwd=PROJECT_ROOT, env=env, stdout=out,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            if after != "launch":
                _wait_for(log, STARTING if after == "starting" else RUNNING, make_run)
            time.sleep(delay)
            hit.append(_phase(log.read_text(errors="replace"), ports))
            group = make_run.pid
            for signum, gap in zip((signal.SIGTERM, signal.SIGINT, signal.SIGINT), (*gaps, 0.0), strict=True):
                try:
                    os.killpg(group, signum)
                except ProcessLookupError:
                    break  # everything in the group already ended
                time.sleep(gap)
            make_run.wait(timeout=EXIT_TIMEOUT_SECONDS)
        finally:
            if make_run.poll() is None:
                os.killpg(make_run.pid, signal.SIGKILL)
        left = _marked_processes(marker)
        busy = [name for name, port in ports.items() if not _port_free(port)]
        assert not left and not busy, (f"round {number} ({after} + {delay}s): left {left}, ports busy {busy}\n"
                                       f"{log.read_text(errors='replace')[-3000:]}")
    # The rounds really covered start-up and a running stack.
    assert {"before the stack", "rasa loading", "up"} <= set(hit), hit
