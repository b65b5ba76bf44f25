"""``wuyebot run``: start the Rasa server, the action server and the app on one machine, and stop them together.

SIGINT (Ctrl-C), SIGTERM (a process manager, ``kill``) and SIGHUP (a closed terminal) all stop everything it
started, grandchildren included, and the ports are free when it exits. The first signal starts the stop (or
abandons start-up); a later one only hurries it (SIGKILL sooner) and can never cut it short. A copy of the same
signal arriving at once (``make`` passes SIGTERM on to its child, which the process group got already) counts once.

The handler never raises: it sets a flag the main loop and start-up poll, so no exception can land inside
``stack.stop()``.
"""

import signal
import sys
import time

from bot.clock import system_clock, today_in_shanghai
from bot.config import PROJECT_ROOT, load_settings
from bot.db.migrate import upgrade
from bot.db.prepare import seed_demo
from bot.demo.seed import DEMO_OWNER
from bot.devtools.model import model_path
from bot.devtools.stack import Stack, StackError, StackInterrupted

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
SAME_SIGNAL_SECONDS = 1.0  # signals closer together than this are one request (make's forwarded copy)
WAIT_SECONDS = 0.2


class StopRequests:
    """What the signal handler records; read by the main loop, start-up and the stop itself."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self.first_at: float | None = None
        self._last_at = 0.0

    @property
    def requested(self) -> bool:
        return self.first_at is not None

    def __call__(self, signum, frame) -> None:
        now = time.monotonic()
        if self.first_at is None:
            self.first_at = self._last_at = now
            return
        if now - self._last_at >= SAME_SIGNAL_SECONDS:
            self._stack.hurry()
        self._last_at = now


def run() -> int:
    settings = load_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    log_dir = settings.var_dir / "log"
    stack = Stack(
        model=model_path(), log_dir=log_dir,
        rasa_port=int(settings.rasa_url.rsplit(":", 1)[-1]), action_port=settings.action_server_port,
        app_port=settings.app_port, endpoints=PROJECT_ROOT / "endpoints.yml",
        tracker_db=settings.var_dir / "rasa_tracker.db", rasa_token=settings.rasa_token,
        action_token=settings.action_server_token,
    )
    stop = StopRequests(stack)
    # Installed explicitly: a process started in the background inherits SIGINT as ignored, and Ctrl-C,
    # `kill`, and a closed terminal must all stop the children too.
    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)
    try:
        print("Preparing the database …", flush=True)
        upgrade(settings.database_url)
        if seed_demo(settings.database_url, today_in_shanghai(system_clock)) is not None:
            print(f"Seeded the demo communities. Try binding as the demo owner: {DEMO_OWNER.unit}, "
                  f"{DEMO_OWNER.name}, phone ending {DEMO_OWNER.phone[-4:]}.", flush=True)
        if stop.requested:
            raise StackInterrupted("stopped before start-up")
        print("Starting the action server, the Rasa server (loading the model takes about half a minute) "
              "and the app …", flush=True)
        stack.start(stop_requested=lambda: stop.requested)
        if settings.wechat.uses_fake_api:
            where = (f"WeChat simulator at {stack.app_url}/simulator  (no WeChat credentials: the fake WeChat API "
                     f"answers; `wuyebot chat` plays WeChat in the terminal).")
        else:
            where = f"WeChat gateway at {stack.app_url}{settings.wechat.path}."
        if settings.webchat_enabled:
            where += f" Web chat (a demo: it never binds) at {stack.app_url}/"
        print(f"\nwuyebot is running. {where}\n(logs in {log_dir}; Ctrl-C stops everything)\n", flush=True)
        while not stop.requested and all(p.alive for p in stack.processes):
            time.sleep(WAIT_SECONDS)
        if stop.requested:
            print("\nStopping …", flush=True)
            return 0
        dead = [p.name for p in stack.processes if not p.alive]
        print(f"{', '.join(dead)} stopped unexpectedly; see {log_dir}. Stopping the rest.", file=sys.stderr)
        return 1
    except StackInterrupted:
        print("\nStopping …", flush=True)
        return 0
    except StackError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        stack.stop()
