"""``newscrawl extract FILE... [--url URL]``: the stored record of saved pages.

For debugging a source: runs the same stages as a crawl on HTML files and
prints one JSON object per page, with the fields a crawl would store.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.runner import project_settings
from newscrawl.schema import iso_utc
from newscrawl.sources import SourceError, get_source, load_registry
from newscrawl.stages import Dropped, ValidationRules, build_record


def register(subparsers) -> None:
    parser = subparsers.add_parser("extract", help="print the record extracted from HTML files")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--url", help="URL the page was fetched from (default: file:// URL)")
    parser.add_argument("--source", help="registry source, for its time zone and language")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def json_default(value):
    if isinstance(value, datetime):
        return iso_utc(value)  # the archive's one date form
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    timezone, language, agency, name = "UTC", None, None, args.source or "local"
    if args.source:
        try:
            source = get_source(load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES")), args.source)
        except SourceError as exc:
            print(f"newscrawl extract: {exc}", file=sys.stderr)
            return 2
        timezone, language, agency = source.timezone, source.language, source.default_agency
    rules = ValidationRules(min_text_chars=settings.getint("NEWSCRAWL_MIN_TEXT_CHARS"),
                            require_title=settings.getbool("NEWSCRAWL_REQUIRE_TITLE"),
                            drop_paywalled=settings.getbool("NEWSCRAWL_DROP_PAYWALLED"))
    status = 0
    for path in map(Path, args.files):
        url = args.url or path.absolute().as_uri()
        try:
            body = path.read_bytes()
        except OSError as exc:
            print(f"newscrawl extract: cannot read {path}: {exc}", file=sys.stderr)
            status = 1
            continue
        try:
            record = build_record(body, url, source_name=name, timezone=timezone, language=language,
                                  default_agency=agency, fetched_at=datetime.now(UTC), rules=rules)
        except Dropped as exc:
            record, status = {"url": url, "dropped": exc.reason, "detail": str(exc)}, 1
        print(json.dumps(record, ensure_ascii=False, default=json_default))
    return status
