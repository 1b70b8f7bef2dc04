"""``newscrawl crawl SOURCE... | --all``: crawl registry sources into the archive."""

from __future__ import annotations

import sys

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.runner import project_settings, run_crawl
from newscrawl.sources import SourceError, get_source, load_registry


def register(subparsers) -> None:
    parser = subparsers.add_parser("crawl", help="crawl sources (all their spiders) into the archive")
    parser.add_argument("sources", nargs="*", metavar="SOURCE")
    parser.add_argument("--all", action="store_true", help="crawl every registry source")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    overrides = parse_setting_overrides(args.set)
    settings = project_settings(overrides)
    try:
        registry = load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES"))
        names = sorted(registry) if args.all else args.sources
        if not names:
            print("newscrawl crawl: name at least one SOURCE, or --all", file=sys.stderr)
            return 2
        sources = [get_source(registry, name) for name in names]
    except SourceError as exc:
        print(f"newscrawl crawl: {exc}", file=sys.stderr)
        return 2
    outcome = run_crawl(sources, overrides)
    for crawl in outcome.crawls:
        stats = crawl["stats"]
        print(f"{crawl['source']}/{crawl['spider']}: {crawl['finish_reason']}, "
              f"{stats.get('item_scraped_count', 0)} stored, "
              f"{stats.get('item_dropped_count', 0)} dropped")
    return 0 if outcome.ok else 1
