"""``newscrawl db start|stop|status``: the embedded nx-27017 server;
``newscrawl db migrate``: bring stored documents to the current schema
(:mod:`newscrawl.store.migrate`)."""

from __future__ import annotations

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.runner import project_settings
from newscrawl.store.embedded import EmbeddedServerError
from newscrawl.store.mongo import embedded_server


def register(subparsers) -> None:
    parser = subparsers.add_parser("db", help="start, stop or check the embedded archive server; "
                                              "migrate stored documents to the current schema")
    parser.add_argument("action", choices=["start", "stop", "status", "migrate"])
    parser.add_argument("--dry-run", action="store_true",
                        help="migrate: count the documents to migrate, change nothing")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    if args.action == "migrate":
        return migrate(settings, dry_run=args.dry_run)
    server = embedded_server(settings)
    try:
        if args.action == "start":
            print(f"embedded server running at {server.start()} (data: {server.data_dir})")
        elif args.action == "stop":
            print("stopped" if server.stop() else "not running")
        else:
            state = server.status()
            print(f"{'running' if state.running else 'not running'}: {state.detail}; "
                  f"uri {state.uri}; pid {state.pid}; data {state.data_dir}")
            return 0 if state.running else 3
    except EmbeddedServerError as exc:
        print(f"newscrawl db {args.action}: {exc}")
        return 1
    return 0


def migrate(settings, *, dry_run: bool) -> int:
    from newscrawl.schema import SCHEMA_VERSION
    from newscrawl.store.migrate import migrate_archive
    from newscrawl.store.mongo import open_database

    client, db = open_database(settings)
    try:
        result = migrate_archive(db, dry_run=dry_run)
    finally:
        client.close()
    counts = ", ".join(f"{n} in {name}" for name, n in result.migrated.items())
    verb = "to migrate" if dry_run else "migrated"
    print(f"schema v{SCHEMA_VERSION}: {result.total} documents {verb} ({counts})")
    for name, doc_id, field_name, message in result.untyped:
        print(f"  {name} {doc_id}: {field_name} kept as it was: {message}")
    return 0
