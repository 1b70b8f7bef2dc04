"""``newscrawl crawl SOURCE... | --all``: crawl registry sources into the archive.

Made for cron and systemd timers:

- a source that another run is still crawling is skipped (per-source lock
  files, :mod:`newscrawl.ops.lock`), with a message naming the holder;
- the Scrapy log goes to one file per run (:mod:`newscrawl.ops.logfile`);
  a terminal shows a live progress line instead (:mod:`newscrawl.ops.progress`);
- the exit code says whether the run was healthy (Scrapy itself exits 0 on
  every failure), and the last line printed says why not.

Exit codes: ``EXIT_OK`` healthy; ``EXIT_UNHEALTHY`` a crawl failed a monitor;
``EXIT_USAGE`` bad arguments, registry or ``NEWSCRAWL_MONGO_URI``; ``EXIT_LOCKED`` (75, EX_TEMPFAIL:
"try again later") some source was skipped because another run holds it and
the crawled ones were healthy.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.ops import crawlstats
from newscrawl.ops.lock import SourceBusy, lock_sources
from newscrawl.ops.logfile import lock_dir, run_log_file
from newscrawl.runner import CrawlOutcome, project_settings, run_crawl
from newscrawl.sources import SourceError, configured_sources, get_source, load_registry
from newscrawl.store.mongo import archive_problem

EXIT_OK = 0
EXIT_UNHEALTHY = 1
EXIT_USAGE = 2
EXIT_LOCKED = 75


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "crawl", help="crawl sources (all their spiders) into the archive",
        description="Exit codes: 0 healthy, 1 unhealthy, 2 usage error, "
                    "75 a source was skipped because another run is crawling it.")
    parser.add_argument("sources", nargs="*", metavar="SOURCE")
    parser.add_argument("--all", action="store_true",
                        help="crawl every configured source (NEWSCRAWL_SOURCE_FILES and "
                             "NEWSCRAWL_BUILTIN_SOURCES)")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    overrides = parse_setting_overrides(args.set)
    settings = project_settings(overrides)
    try:
        registry = load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES"))
        names = (configured_sources(registry, settings.getlist("NEWSCRAWL_BUILTIN_SOURCES"))
                 if args.all else list(dict.fromkeys(args.sources)))
        if not names:
            print("newscrawl crawl: error: name at least one SOURCE, or --all", file=sys.stderr)
            return EXIT_USAGE
        sources = [get_source(registry, name) for name in names]
    except SourceError as exc:
        print(f"newscrawl crawl: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    problem = archive_problem(settings)
    if problem:  # before any fetch: a crawl that cannot store would only spool
        print(f"newscrawl crawl: {problem}", file=sys.stderr)
        return EXIT_USAGE

    locks, busy = lock_sources(lock_dir(settings), names)
    try:
        for skipped in busy:
            print(f"skipped: {skipped}", file=sys.stderr)
        free = {lock.source for lock in locks}
        sources = [s for s in sources if s.name in free]
        if not sources:
            print(f"LOCKED: {'; '.join(map(str, busy))}")
            return EXIT_LOCKED
        log_file = run_log_file(settings, [s.name for s in sources], all_sources=args.all)
        if log_file is not None:
            overrides = {**overrides, "LOG_FILE": str(log_file)}
            print(f"log: {log_file}", file=sys.stderr)
        outcome = run_crawl(sources, overrides)
    finally:
        for lock in locks:
            lock.release()
    report(outcome)
    verdict, code = final_line(outcome, busy)
    print(verdict)
    return code


def report(outcome: CrawlOutcome) -> None:
    for crawl in outcome.crawls:
        print(f"{crawl['spider']}/{crawl['source']}: {crawl['finish_reason']}, "
              f"{crawlstats.summary(crawl['stats'])}")


def final_line(outcome: CrawlOutcome, busy: Sequence[SourceBusy]) -> tuple[str, int]:
    """The last line of the run and the exit code: unhealthy wins over
    locked, which wins over healthy."""
    if not outcome.crawls:
        return "UNHEALTHY: no crawl ran", EXIT_UNHEALTHY
    problems = outcome.problems
    if problems:
        return f"UNHEALTHY: {'; '.join(problems)}", EXIT_UNHEALTHY
    if busy:
        return f"LOCKED: {'; '.join(map(str, busy))}", EXIT_LOCKED
    return f"OK: {len(outcome.crawls)} crawls healthy (run batch {outcome.batch})", EXIT_OK
