"""``wuyebot`` command line."""

import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wuyebot", description="物业费小管家")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start Rasa, the action server and the app together (embedded default)")
    serve = commands.add_parser("serve", help="start only the app (ASGI, uvicorn)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    commands.add_parser("actions", help="start only the action server (rasa-sdk; ACTION_SERVER_TOKEN off loopback)")
    db = commands.add_parser("db", help="database schema")
    db.add_argument("db_command", choices=["upgrade"], help="apply all migrations to DATABASE_URL")
    demo = commands.add_parser("demo", help="demo data")
    demo.add_argument("demo_command", choices=["seed"], help="create three demo communities (~2,000 units)")
    demo.add_argument("--force", action="store_true", help="seed even if the database already has communities")
    chat = commands.add_parser("chat", help="play an owner's WeChat against the running app (fake WeChat API)")
    chat.add_argument("--openid", help="the owner's openid (default: a new one)")
    chat.add_argument("--mode", choices=["plain", "compatible", "safe"], default="plain")
    importer = commands.add_parser("import", help="load units, people, bills and payments from a CSV or XLSX export")
    importer.add_argument("file")
    importer.add_argument("--community", help="community code or name for rows without a 小区 column")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        from bot.devtools.supervisor import run

        return run()
    if args.command == "serve":
        return _serve(args.host, args.port, args.log_level)
    if args.command == "actions":
        from bot.action_server import main as actions

        return actions([])
    if args.command == "db":
        from bot.config import load_settings
        from bot.db.migrate import upgrade

        upgrade(load_settings().database_url)
        print("Database is at the latest schema.")
        return 0
    if args.command == "demo":
        return _seed(force=args.force)
    if args.command == "import":
        return _import(args.file, args.community)
    if args.command == "chat":
        from bot.config import load_settings
        from bot.wechat.chat_cli import run as chat

        return chat(load_settings(), args.openid, args.mode)
    return 2


def _serve(host: str | None, port: int | None, log_level: str = "info") -> int:
    import uvicorn

    from bot.config import load_settings
    from bot.infra.internal_auth import is_loopback

    settings = load_settings()
    host = host or settings.app_host
    if not is_loopback(host) and settings.wechat.is_development:
        # The development token and AES key are printed on the simulator page and in the source: anyone could sign.
        print(f"Refusing to serve on {host} with the development WeChat token: set WECHAT_TOKEN (and "
              "WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_ENCODING_AES_KEY) first, or serve on 127.0.0.1.",
              file=sys.stderr)
        return 2
    # Forwarded headers rewrite the client address the loopback guards see: believed only from the proxies
    # FORWARDED_ALLOW_IPS names (uvicorn would otherwise trust any loopback peer, e.g. a local forwarder).
    uvicorn.run("bot.app:create_app", factory=True, host=host, port=port or settings.app_port,
                proxy_headers=settings.forwarded_allow_ips is not None,
                forwarded_allow_ips=settings.forwarded_allow_ips or "", log_level=log_level)
    return 0


def _seed(force: bool) -> int:
    from bot.clock import system_clock, today_in_shanghai
    from bot.config import load_settings
    from bot.db.migrate import upgrade
    from bot.db.prepare import seed_demo
    from bot.demo.seed import DEMO_OWNER

    url = load_settings().database_url
    upgrade(url)
    report = seed_demo(url, today_in_shanghai(system_clock), only_if_empty=not force)
    if report is None:
        print("The database already has communities; nothing seeded (use --force to add the demo anyway).")
        return 0
    print(f"Seeded {report.communities} communities, {report.units} units, {report.people} people, "
          f"{report.bills} bills, {report.payments} payments, {report.grievances} open grievances, "
          f"{report.plans} plans, {report.promises} promises.")
    print(f"Try binding as the demo owner: {DEMO_OWNER.unit}, {DEMO_OWNER.name}, phone ending "
          f"{DEMO_OWNER.phone[-4:]}.")
    return 0


def _import(file: str, community: str | None) -> int:
    from pathlib import Path

    from bot.clock import system_clock
    from bot.config import load_settings
    from bot.db.session import make_engine, make_session_factory
    from bot.importer import ImportFileError, import_file

    engine = make_engine(load_settings().database_url)
    try:
        report = import_file(Path(file), make_session_factory(engine), community, system_clock())
    except (ImportFileError, FileNotFoundError) as error:
        print(f"Cannot import {file}: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(report.summary())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
