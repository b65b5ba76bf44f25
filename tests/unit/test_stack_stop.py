"""Stopping the local stack cannot be cut short and leaves nothing behind, even processes that ignore SIGTERM
and the grandchildren they started; later stop requests only bring SIGKILL forward."""

import sys
import threading
import time
from pathlib import Path

from bot.devtools import supervisor
from bot.devtools.stack import Process, Stack, live_process_groups

# A process that ignores SIGTERM and starts a grandchild that ignores it too (like a server mid-way through loading).
STUBBORN = (
    "import signal, subprocess, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "subprocess.Popen([sys.executable, '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "time.sleep(600)'])\n"
    "print('ready', flush=True)\n"
    "time.sleep(600)\n"
)
POLITE = "import time\nprint('ready', flush=True)\ntime.sleep(600)\n"


def _stack(tmp_path: Path, *programs: str) -> Stack:
    stack = Stack(model=tmp_path / "unused", log_dir=tmp_path, rasa_port=0, action_port=0)
    stack.processes = [Process(f"p{i}", [sys.executable, "-c", program], "") for i, program in enumerate(programs)]
    for process in stack.processes:
        process.start(tmp_path)
    deadline = time.monotonic() + 20
    while not all("ready" in (p.log.read_text() if p.log.exists() else "") for p in stack.processes):
        assert time.monotonic() < deadline, "the test processes did not start"
        time.sleep(0.05)
    time.sleep(0.3)  # the grandchildren start right after "ready"
    return stack


def _groups(stack: Stack) -> set[int]:
    return {p.popen.pid for p in stack.processes} & live_process_groups()


def test_stop_kills_what_ignores_sigterm_with_its_grandchildren(tmp_path):
    stack = _stack(tmp_path, STUBBORN, POLITE)
    assert len(_groups(stack)) == 2
    started = time.monotonic()
    stack.stop(grace=1.0)
    assert _groups(stack) == set()
    assert 0.9 < time.monotonic() - started < 8  # SIGTERM first, SIGKILL after the grace
    stack.stop()  # idempotent


def test_a_second_request_brings_the_kill_forward_and_never_aborts(tmp_path):
    stack = _stack(tmp_path, STUBBORN)
    hurry = threading.Timer(0.5, stack.hurry)
    hurry.start()
    started = time.monotonic()
    stack.stop(grace=60.0)  # would wait a minute without the second request
    elapsed = time.monotonic() - started
    assert _groups(stack) == set() and elapsed < 8, elapsed


def test_the_signal_handler_never_raises_and_counts_copies_once(monkeypatch):
    class FakeStack:
        hurried = 0

        def hurry(self):
            self.hurried += 1

    clock = [100.0]
    monkeypatch.setattr(supervisor.time, "monotonic", lambda: clock[0])
    stack = FakeStack()
    requests = supervisor.StopRequests(stack)
    assert not requests.requested
    requests(15, None)  # SIGTERM to the group
    clock[0] += 0.01
    requests(15, None)  # make's copy of it
    assert requests.requested and stack.hurried == 0
    clock[0] += 1.5
    requests(2, None)  # SIGINT: a real second request
    clock[0] += 0.2
    requests(2, None)
    assert stack.hurried == 1
    clock[0] += 2
    requests(1, None)  # SIGHUP
    assert stack.hurried == 2
