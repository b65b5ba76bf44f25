"""``wuyebot run``: start the Rasa server, the action server and the app on one machine, and stop them together.

Ctrl-C (or SIGTERM) stops everything it started, including grandchildren, and the ports are free again at once.
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
from bot.devtools.stack import Stack, StackError


def run() -> int:
    settings = load_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    log_dir = settings.var_dir / "log"
    stack = Stack(
        model=model_path(), log_dir=log_dir,
        rasa_port=int(settings.rasa_url.rsplit(":", 1)[-1]), action_port=settings.action_server_port,
        app_port=settings.app_port, endpoints=PROJECT_ROOT / "endpoints.yml", rasa_token=settings.rasa_token,
    )

    def stop_requested(signum, frame):
        raise KeyboardInterrupt

    # Installed explicitly: a process started in the background inherits SIGINT as ignored, and Ctrl-C,
    # `kill`, and a closed terminal must all stop the children too.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_requested)
    try:
        print("Preparing the database …", flush=True)
        upgrade(settings.database_url)
        if seed_demo(settings.database_url, today_in_shanghai(system_clock)) is not None:
            print(f"Seeded the demo communities. Try binding as the demo owner: {DEMO_OWNER.unit}, "
                  f"{DEMO_OWNER.name}, phone ending {DEMO_OWNER.phone[-4:]}.", flush=True)
        print("Starting the action server, the Rasa server (loading the model takes about half a minute) "
              "and the app …", flush=True)
        stack.start()
        if settings.wechat.uses_fake_api:
            where = (f"WeChat simulator at {stack.app_url}/simulator  (no WeChat credentials: the fake WeChat API "
                     f"answers; `wuyebot chat` plays WeChat in the terminal). Web chat at {stack.app_url}/")
        else:
            where = f"WeChat gateway at {stack.app_url}{settings.wechat.path}. Web chat at {stack.app_url}/"
        print(f"\nwuyebot is running. {where}\n(logs in {log_dir}; Ctrl-C stops everything)\n", flush=True)
        while all(p.alive for p in stack.processes):
            time.sleep(1)
        dead = [p.name for p in stack.processes if not p.alive]
        print(f"{', '.join(dead)} stopped unexpectedly; see {log_dir}. Stopping the rest.", file=sys.stderr)
        return 1
    except StackError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping …", flush=True)
        return 0
    finally:
        stack.stop()
