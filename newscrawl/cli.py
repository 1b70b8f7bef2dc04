"""The ``newscrawl`` command: one sub-command per module of ``newscrawl.commands``."""

from __future__ import annotations

import argparse
import importlib
import sys

#: Sub-command modules; each defines ``register(subparsers)`` which adds its
#: parser and sets ``func(args) -> int`` (the exit code).
COMMANDS = ["demo", "crawl", "db", "extract", "stats", "normalize", "export", "report",
            "replay", "reextract", "runs", "cluster", "import-warc", "ccnews"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"newscrawl.commands.{name.replace('-', '_')}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
