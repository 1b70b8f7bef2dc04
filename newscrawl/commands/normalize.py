"""``newscrawl normalize [FILE]``: add archive date and agency fields to a corpus.

Reads JSON Lines or dated text (`` date 2017-05 <text>``), detected from the
first line unless ``--format`` says; writes JSON Lines to stdout or ``-o``.
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from pathlib import Path

from newscrawl.agencies import load_registry
from newscrawl.commands import output_path, timezone_name
from newscrawl.normalize import (
    CorpusFormatError,
    detect_format,
    normalize_record,
    read_dated_text,
    read_json_lines,
    write_json_line,
)


def register(subparsers) -> None:
    parser = subparsers.add_parser("normalize", help="add archive date/agency fields to a corpus")
    parser.add_argument("input", nargs="?", default="-", help="corpus file (default: stdin)")
    parser.add_argument("-o", "--output", type=output_path,
                        help="output JSON Lines file (default: stdout)")
    parser.add_argument("--format", choices=["jsonl", "dated"], help="input format (default: detect)")
    parser.add_argument("--timezone", default="UTC", type=timezone_name,
                        help="zone of local times without offset (default: UTC)")
    parser.add_argument("--agency-registry", help="extra agency registry TOML file")
    parser.add_argument("--strip-dateline", action="store_true",
                        help="remove the dateline marker from the text")
    parser.set_defaults(func=run)


def run(args) -> int:
    registry = load_registry(args.agency_registry)
    count = 0
    with contextlib.ExitStack() as files:
        try:
            source = (sys.stdin if args.input == "-"
                      else files.enter_context(open(args.input, encoding="utf-8")))
        except OSError as exc:
            print(f"newscrawl normalize: cannot read {args.input}: {exc}", file=sys.stderr)
            return 2
        out = (files.enter_context(open(Path(args.output), "w", encoding="utf-8"))
               if args.output else sys.stdout)
        try:
            lines = iter(source)
            first = next((line for line in lines if line.strip()), "")
            fmt = args.format or detect_format(first)
            reader = read_json_lines if fmt == "jsonl" else read_dated_text
            for record in reader(itertools.chain([first], lines)):
                write_json_line(normalize_record(record, timezone=args.timezone, registry=registry,
                                                 strip_dateline=args.strip_dateline), out)
                count += 1
        except CorpusFormatError as exc:
            print(f"newscrawl normalize: {args.input}: {exc}", file=sys.stderr)
            return 2
    print(f"{count} records normalised", file=sys.stderr)
    return 0
