"""``newscrawl normalize [FILE]``: bring a corpus to the archive's schema.

Reads JSON Lines or dated text (`` date 2017-05 <text>``), detected from the
first line unless ``--format`` says; ``.gz`` input (the archive's own exports)
is read as such, ``-`` (the default) is stdin. Writes JSON Lines to stdout or
``-o`` (``.gz`` compressed). Keeps what a record has, fills what is missing,
normalises the dates and text it can read (see :mod:`newscrawl.normalize`),
warns with the line number about a date it cannot read, and ends with a line
on stderr saying which fields it added or changed in how many records.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import itertools
import sys
from collections import Counter
from pathlib import Path
from typing import IO

from newscrawl.agencies import load_registry
from newscrawl.commands import output_path, timezone_name
from newscrawl.export.writers import STDOUT, open_text
from newscrawl.normalize import (
    CorpusFormatError,
    detect_format,
    normalize,
    numbered_dated_text,
    numbered_json_lines,
    write_json_line,
)

GZIP_MAGIC = b"\x1f\x8b"


def register(subparsers) -> None:
    parser = subparsers.add_parser("normalize", help="add archive date/agency fields to a corpus")
    parser.add_argument("input", nargs="?", default=STDOUT,
                        help="corpus file, .gz read as such (default: '-', stdin)")
    parser.add_argument("-o", "--output", default=STDOUT, type=output_path,
                        help="output JSON Lines file, .gz compressed (default: '-', stdout)")
    parser.add_argument("--format", choices=["jsonl", "dated"], help="input format (default: detect)")
    parser.add_argument("--timezone", default="UTC", type=timezone_name,
                        help="zone of local times without offset (default: UTC)")
    parser.add_argument("--agency-registry", help="extra agency registry TOML file")
    parser.add_argument("--strip-dateline", action="store_true",
                        help="remove the dateline marker from the text")
    parser.set_defaults(func=run)


def open_input(name: str) -> io.TextIOBase:
    """Text lines of a corpus file or stdin; gzip recognised by its magic bytes."""
    raw: IO[bytes] = sys.stdin.buffer if name == STDOUT else open(name, "rb")  # noqa: SIM115
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return io.TextIOWrapper(gzip.GzipFile(fileobj=buffered), encoding="utf-8")
    return io.TextIOWrapper(buffered, encoding="utf-8")


def summary(count: int, added: Counter, changed: Counter) -> str:
    def listed(counter: Counter) -> str:
        return ", ".join(f"{name} ({n})" for name, n in sorted(counter.items())) or "none"

    return (f"{count} records normalised; fields added: {listed(added)}; "
            f"fields changed: {listed(changed)}")


def run(args) -> int:
    registry = load_registry(args.agency_registry)
    count, added, changed = 0, Counter(), Counter()
    where = "stdin" if args.input == STDOUT else args.input
    with contextlib.ExitStack() as files:
        try:
            source = files.enter_context(open_input(args.input))
            out = files.enter_context(open_text(Path(args.output)))
        except OSError as exc:
            print(f"newscrawl normalize: {exc}", file=sys.stderr)
            return 2
        try:
            lines = iter(source)
            first = next((line for line in lines if line.strip()), "")
            fmt = args.format or detect_format(first)
            reader = numbered_json_lines if fmt == "jsonl" else numbered_dated_text
            for number, record in reader(itertools.chain([first], lines)):
                result = normalize(record, timezone=args.timezone, registry=registry,
                                   strip_dateline=args.strip_dateline)
                for warning in result.warnings:
                    print(f"newscrawl normalize: warning: {where} line {number}: {warning}",
                          file=sys.stderr)
                write_json_line(result.record, out)
                count += 1
                added.update(result.added)
                changed.update(result.changed)
        except CorpusFormatError as exc:
            print(f"newscrawl normalize: {where}: {exc}", file=sys.stderr)
            return 2
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as exc:
            print(f"newscrawl normalize: {where}: cannot read it as UTF-8 text or gzip: {exc}",
                  file=sys.stderr)
            return 2
    print(summary(count, added, changed), file=sys.stderr)
    return 0
