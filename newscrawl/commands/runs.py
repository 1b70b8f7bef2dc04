"""``newscrawl runs``: the latest recorded crawls; ``--check`` turns them into
a health check of the schedule (exit 1 when a crawl's latest run is unhealthy
or, with ``--max-age``, too old or missing). See :mod:`newscrawl.ops.checks`."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from pymongo import DESCENDING
from pymongo.errors import PyMongoError

from newscrawl.commands import add_settings_option, open_archive, parse_setting_overrides
from newscrawl.ops.checks import Crawl, latest_run, run_line, schedule_problems
from newscrawl.ops.runs import RUNS
from newscrawl.runner import project_settings, spiders_for
from newscrawl.sources import SourceError, configured_sources, get_source, load_registry

#: The project's spiders (``scrapy list``), named here so that ``--help`` and a
#: wrong ``--spider`` need no Scrapy import.
SPIDERS = ("source", "feeds", "sitemap", "site")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "runs", help="latest recorded crawls; --check: exit 1 unless each crawl's latest run is healthy")
    parser.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="only these sources (default: all; with --check: every configured "
                             "source, see NEWSCRAWL_BUILTIN_SOURCES)")
    parser.add_argument("-n", "--limit", type=int, default=20, help="runs listed (default 20)")
    parser.add_argument("--check", action="store_true",
                        help="judge the latest run of each source's spiders; exit 1 on a problem")
    parser.add_argument("--max-age", type=float, metavar="HOURS",
                        help="with --check: a crawl whose latest run finished longer ago is a problem")
    parser.add_argument("--spider", action="append", choices=SPIDERS, metavar="SPIDER",
                        help="with --check: judge this spider's runs (repeatable; default: the "
                             "spiders `newscrawl crawl` runs, i.e. source). For a schedule of "
                             "`scrapy crawl feeds|sitemap|site`: " + ", ".join(SPIDERS))
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    client, db = open_archive(settings, reading=True)
    try:
        if args.check:
            return check(args, settings, db)
        query = {"source": {"$in": args.sources}} if args.sources else {}
        for record in db[RUNS].find(query, {"stats": 0}).sort("started", DESCENDING).limit(args.limit):
            print(run_line(record))
        return 0
    except PyMongoError as exc:
        print(f"newscrawl runs: the archive does not answer: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()


def check(args, settings, db) -> int:
    try:
        registry = load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES"))
        names = args.sources or configured_sources(
            registry, settings.getlist("NEWSCRAWL_BUILTIN_SOURCES"))
        sources = [get_source(registry, name) for name in names]
    except SourceError as exc:
        print(f"newscrawl runs: error: {exc}", file=sys.stderr)
        return 2
    crawls = [Crawl(source.name, spider) for source in sources
              for spider in (args.spider or spiders_for(source))]
    max_age = timedelta(hours=args.max_age) if args.max_age else None
    problems = schedule_problems([(c, latest_run(db, c)) for c in crawls],
                                 datetime.now(UTC), max_age)
    if problems:
        print(f"UNHEALTHY: {'; '.join(problems)}")
        return 1
    print(f"OK: latest runs of {len(crawls)} crawls healthy")
    return 0
