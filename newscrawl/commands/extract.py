"""``newscrawl extract FILE... [--url URL]...``: the stored record of saved pages.

For debugging a source: runs the same stages as a crawl on HTML files and
prints one JSON object per page, with the fields a crawl would store. Each
file is its own record: give one ``--url`` per FILE, in order, or none (each
file is then named by its ``file://`` address). From Python, the same record
is :func:`newscrawl.extract_record`.

Exit status: 0 every page is an article; 1 a page was dropped (its line says
why); 2 a usage error or a FILE that cannot be read (the other files still run).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.commands import UsageError, add_settings_option, parse_setting_overrides
from newscrawl.runner import project_settings


def http_url(value: str) -> str:
    """argparse type of ``--url``: an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an http(s) URL such as https://www.example.at/story/1")
    return value.strip()


def register(subparsers) -> None:
    parser = subparsers.add_parser("extract", help="print the record extracted from HTML files",
                                   description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--url", action="append", type=http_url, default=[],
                        help="URL the page was fetched from; one per FILE, in order "
                             "(default: the file's file:// URL)")
    parser.add_argument("--source", help="registry source, for its time zone and language")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def page_urls(files: list[str], urls: list[str]) -> list[str]:
    """One URL per file, so that each file is its own record (``_id``)."""
    if not urls:
        return [Path(f).absolute().as_uri() for f in files]
    if len(urls) != len(files):
        raise UsageError(f"give one --url per FILE ({len(files)} files, {len(urls)} --url): "
                         "one URL for several files would give them all one archive identity")
    return urls


def read_page(path: Path, max_input_bytes: int) -> bytes:
    """At most ``max_input_bytes`` + 1 bytes of ``path``: one byte more than
    extraction accepts is enough for it to drop the page as ``too_large``, and a
    device or pipe that never ends (``/dev/zero``) cannot fill the memory."""
    with path.open("rb") as file:
        return file.read(max_input_bytes + 1)


def run(args) -> int:
    from newscrawl.agencies import load_registry as load_agency_registry
    from newscrawl.extraction.core import DEFAULT_OPTIONS
    from newscrawl.sources import get_source, load_registry
    from newscrawl.stages import Dropped, ValidationRules, extract_record, json_default

    settings = project_settings(parse_setting_overrides(args.set))
    urls = page_urls(args.files, args.url)
    source = (get_source(load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES")), args.source)
              if args.source else None)
    options = {
        "rules": ValidationRules(min_text_chars=settings.getint("NEWSCRAWL_MIN_TEXT_CHARS"),
                                 require_title=settings.getbool("NEWSCRAWL_REQUIRE_TITLE"),
                                 drop_paywalled=settings.getbool("NEWSCRAWL_DROP_PAYWALLED")),
        "agency_registry": load_agency_registry(settings.get("NEWSCRAWL_AGENCY_REGISTRY") or None),
        "strip_dateline": settings.getbool("NEWSCRAWL_STRIP_DATELINE"),
    }
    status = 0
    for path, url in zip(map(Path, args.files), urls, strict=True):
        try:
            body = read_page(path, DEFAULT_OPTIONS.max_input_bytes)
        except OSError as exc:
            print(f"newscrawl extract: error: cannot read {path}: {exc.strerror}", file=sys.stderr)
            status = 2  # bad input wins over a dropped page; the other files still run
            continue
        try:
            record = extract_record(body, url, source=source, **options)
        except Dropped as exc:
            record, status = {"url": url, "dropped": exc.reason, "detail": str(exc)}, status or 1
        print(json.dumps(record, ensure_ascii=False, default=json_default))
    return status
