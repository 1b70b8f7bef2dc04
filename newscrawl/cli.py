"""The ``newscrawl`` command: one sub-command per module of ``newscrawl.commands``.

Only the module of the command being run is imported: ``newscrawl --help``
and ``newscrawl --version`` import neither Scrapy nor pymongo, trafilatura or
the MinHash and Parquet libraries (tests/test_cli_errors.py checks the set).
Bad input ends in one line on stderr and exit status 2, never a traceback
(the table of those messages is docs/cli.md).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from newscrawl import __version__
from newscrawl.commands.pipes import quiet_stdout
from newscrawl.errors import UsageError

#: Sub-command -> the one-line help of ``newscrawl --help``. Each lives in
#: ``newscrawl.commands.<name>``, whose ``register(subparsers)`` adds its parser
#: (with this same help) and sets ``func(args) -> int`` (the exit code).
COMMANDS = {
    "demo": "crawl the bundled demo site and show the archive",
    "crawl": "crawl sources (all their spiders) into the archive",
    "db": "start, stop or check the embedded archive server; migrate stored documents to the current schema",
    "extract": "print the record extracted from HTML files",
    "stats": "article counts by source, language, month, agency, precision; drops",
    "normalize": "add archive date/agency fields to a corpus",
    "export": "export a filtered corpus with a manifest (jsonl, csv, parquet, text)",
    "report": "write a self-contained HTML coverage report",
    "replay": "write spooled captures back into the archive",
    "reextract": "re-run extraction on stored raw pages",
    "runs": "latest recorded crawls; --check: exit 1 unless each crawl's latest run is healthy",
    "cluster": "near-duplicate clusters for unclustered articles",
    "import-warc": "import the news pages of WARC files (paths or http(s) URLs)",
    "ccnews": "backfill from Common Crawl's CC-NEWS WARC files, month by month",
}
EXIT_USAGE = 2


class CommandLineParser(argparse.ArgumentParser):
    """argparse with a usage error in one line (the usage is one ``--help`` away)."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def chosen_command(argv: list[str]) -> str | None:
    """The sub-command named on the command line (the first word that is not
    an option: the top level has only ``--help`` and ``--version``)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def module_name(command: str) -> str:
    """``newscrawl.commands`` module of a sub-command (``import-warc`` -> ``import_warc``)."""
    return command.replace("-", "_")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``command``'s own options are added only for ``command``
    (every command's, when None), so its module is the only one imported."""
    parser = CommandLineParser(prog="newscrawl", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(f"newscrawl.commands.{module_name(name)}").register(subparsers)
        else:
            subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = chosen_command(argv)
    args = build_parser(command if command in COMMANDS else "").parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader of stdout stopped reading (`newscrawl stats | head`): it has all it
        # wants, for every command that prints
        quiet_stdout()
        return 0
    except UsageError as exc:
        print(f"newscrawl {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError as exc:
        # a text input (corpus, registry, page list) that is not UTF-8
        print(f"newscrawl {args.command}: error: the input is not UTF-8 text "
              f"({exc.reason} at byte {exc.start}: {exc.object[exc.start:exc.start + 4]!r})",
              file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        if exc.filename is None:
            raise
        # a path the user gave (or a setting named) cannot be read or written
        print(f"newscrawl {args.command}: error: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
