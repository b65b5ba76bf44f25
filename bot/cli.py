"""``wuyebot`` command line."""

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wuyebot", description="物业费小管家")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start Rasa, the action server and the app together (embedded default)")
    serve = commands.add_parser("serve", help="start only the app (ASGI, uvicorn)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    commands.add_parser("actions", help="start only the rasa-sdk action server")
    args = parser.parse_args(argv)

    if args.command == "run":
        from bot.devtools.supervisor import run

        return run()
    if args.command == "serve":
        import uvicorn

        from bot.config import load_settings

        settings = load_settings()
        uvicorn.run("bot.app:create_app", factory=True, host=args.host or settings.app_host,
                    port=args.port or settings.app_port)
        return 0
    if args.command == "actions":
        import os
        import subprocess

        from bot.config import load_settings

        settings = load_settings()
        env = {**os.environ, "SANIC_HOST": settings.action_server_host}
        command = [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions",
                   "--port", str(settings.action_server_port)]
        return subprocess.call(command, env=env)
    return 2


if __name__ == "__main__":
    sys.exit(main())
