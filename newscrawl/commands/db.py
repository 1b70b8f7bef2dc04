"""``newscrawl db start|stop|status``: the embedded nx-27017 server."""

from __future__ import annotations

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.runner import project_settings
from newscrawl.store.embedded import EmbeddedServerError
from newscrawl.store.mongo import embedded_server


def register(subparsers) -> None:
    parser = subparsers.add_parser("db", help="start, stop or check the embedded archive server")
    parser.add_argument("action", choices=["start", "stop", "status"])
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    server = embedded_server(project_settings(parse_setting_overrides(args.set)))
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
