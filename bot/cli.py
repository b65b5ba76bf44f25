"""``wuyebot`` command line."""

import argparse
import sys

PROGRESS_FROM_ROWS = 5_000  # smaller files are read and checked in well under a second


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
    importer = commands.add_parser(
        "import", help="load units, people, bills and payments from a CSV or XLSX export (docs/data.md)")
    importer.add_argument("file")
    importer.add_argument("--community", help="community code or name for rows without a 小区 column")
    importer.add_argument("--dry-run", action="store_true",
                          help="check everything and show where each column goes and the first rows, write nothing")
    importer.add_argument("--map", action="append", default=[], metavar="SOURCE=field",
                          help="send a column to a field (e.g. '收费金额=billed'); remembered for the community")
    importer.add_argument("--ignore", action="append", default=[], metavar="COLUMN",
                          help="leave a column out on purpose; remembered for the community")
    importer.add_argument("--item", action="append", default=[], metavar="NAME=ITEM",
                          help="the company's own fee name and our item (e.g. '卫生费=物业费'); remembered")
    importer.add_argument("--skip-unknown-items", action="store_true",
                          help="import the rest when some rows name unknown fee items, and list what was skipped")
    importer.add_argument("--sheet", help="the XLSX sheet to import (default: the first with a recognisable header)")
    community = commands.add_parser("community", help="communities (小区)")
    community_commands = community.add_subparsers(dest="community_command", required=True)
    add = community_commands.add_parser("add", help="create a community so a new company can import into it")
    add.add_argument("code", help="short code used by --community, e.g. YGHY")
    add.add_argument("name", help="the community's name as files write it, e.g. 阳光花园")
    add.add_argument("--city", default="")
    community_commands.add_parser("list", help="list communities with their unit counts")
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
        return _import(args)
    if args.command == "community":
        return _community(args)
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


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.clock import system_clock
    from bot.config import load_settings
    from bot.db.migrate import upgrade
    from bot.db.session import make_engine, make_session_factory
    from bot.importer import ImportFileError, ImportOptions, import_file
    from bot.importer.rules import parse_pairs

    url = load_settings().database_url
    upgrade(url)
    engine = make_engine(url)
    try:
        options = ImportOptions(dry_run=args.dry_run, mapped=parse_pairs(args.map, "--map"),
                                ignored=frozenset(args.ignore), items=parse_pairs(args.item, "--item"),
                                skip_unknown_items=args.skip_unknown_items, sheet=args.sheet, track=_terminal_progress)
        report = import_file(Path(args.file), make_session_factory(engine), args.community, system_clock(), options)
    except (ImportFileError, FileNotFoundError) as error:
        print(f"Cannot import {args.file}: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(report.summary())
    return 0 if report.ok else 1


def _community(args: argparse.Namespace) -> int:
    from bot.clock import system_clock
    from bot.config import load_settings
    from bot.db.migrate import upgrade
    from bot.db.session import make_engine, make_session_factory
    from bot.services.community_admin import CommunityAdmin, CommunityExists

    url = load_settings().database_url
    upgrade(url)
    engine = make_engine(url)
    try:
        admin = CommunityAdmin(make_session_factory(engine), system_clock)
        if args.community_command == "add":
            try:
                community = admin.add(args.code, args.name, args.city)
            except (CommunityExists, ValueError) as error:
                print(f"Cannot add community: {error}", file=sys.stderr)
                return 1
            print(f"Created community {community.code} {community.name}. Import into it with "
                  f"`wuyebot import FILE --community {community.code}`.")
            return 0
        for row in admin.list():
            print(f"{row.code}\t{row.name}\t{row.city}\t{row.units} units")
        return 0
    finally:
        engine.dispose()


def _terminal_progress(items, total: int, what: str):
    """A progress bar on stderr for each stage of a large file (reading an XLSX, checking the rows, writing bills
    and payments); nothing for small files or when stderr is not a terminal."""
    if total < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=what, unit="行", unit_scale=True, leave=False, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
