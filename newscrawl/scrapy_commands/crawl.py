"""``scrapy crawl``, checking ``-a source=NAME`` and ``-s`` values before the
crawl starts, and exiting 1 when a feed export lost items.

Scrapy reports an exception raised while a spider is created as an asyncio
"Task exception was never retrieved" with a traceback (and exit status 1).
A missing or unknown source is a typo, not a crash: this command looks the
source up first and reports it the way Scrapy reports its own usage errors
(``scrapy: error: unknown source 'nosuch'; known sources: ...``, exit
status 2). ``-s CONCURRENT_REQUESTS=abc`` is refused the same way, by the
checks of ``newscrawl`` (:mod:`newscrawl.settings.checks`), instead of failing
inside the engine.

Scrapy's own command exits 0 whatever happened: a run whose database was
down (its articles spooled), whose error rate was 40 %, or whose ``-O
items.jsonl`` could not write an item, looks like a success to cron and CI,
and cron runs ``scrapy crawl`` as often as ``newscrawl crawl``. This one runs
the spider the same way and then takes the verdict ``newscrawl crawl`` takes:
the health monitors the run recorder ran at ``spider_closed`` (also recorded
in ``runs``), and the ``feed_exports`` monitor, which can only judge after
Scrapy stored the feeds. A problem prints ``UNHEALTHY: spider/source: …`` on
stderr and exits 1.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl.ops.monitors import FeedExports
from newscrawl.runner import CrawlOutcome
from newscrawl.settings.checks import SettingError, check_overrides
from newscrawl.sources import SourceError


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("run one spider: scrapy crawl <spider> [options]")
        self.check_settings(opts.set or [])
        self.check_source(args[0], opts.spargs)
        self.check_archive()
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        outcome = CrawlOutcome(crawls=[{
            "source": opts.spargs.get("source"), "spider": crawler.spidercls.name,
            "finish_reason": stats.get("finish_reason", "not started"), "stats": stats}])
        problems = outcome.problems
        verdict = FeedExports().check(stats, ())
        if not verdict.ok:
            problems.append(f"{crawler.spidercls.name}: {verdict.message}")
        if problems:
            print(f"UNHEALTHY: {'; '.join(problems)}", file=sys.stderr)
            self.exitcode = 1

    def check_settings(self, pairs: list[str]) -> None:
        from scrapy.utils.conf import arglist_to_dict
        from scrapy.utils.project import get_project_settings

        try:
            # checked against the project's values, which -s has replaced in self.settings
            check_overrides(get_project_settings(), arglist_to_dict(pairs))
        except SettingError as exc:
            raise UsageError(str(exc), print_help=False) from None

    def check_archive(self) -> None:
        """A crawl that could not store anything (an invalid ``NEWSCRAWL_MONGO_URI``,
        an embedded server that cannot start) stops before any fetch, in one line,
        as ``newscrawl crawl`` does (it ended in a traceback from the store pipeline)."""
        from newscrawl.store.mongo import archive_problem

        problem = archive_problem(self.settings)
        if problem:
            raise UsageError(problem, print_help=False)

    def check_source(self, spider_name: str, spider_args: dict) -> None:
        from newscrawl.spiders.base import NewsSpider

        assert self.crawler_process is not None
        try:
            spidercls = self.crawler_process.spider_loader.load(spider_name)
        except KeyError:
            return  # Scrapy says "Spider not found" itself
        if not issubclass(spidercls, NewsSpider):
            return
        try:
            spidercls.registry_source(self.settings, spider_args.get("source"))
        except SourceError as exc:
            raise UsageError(str(exc), print_help=False) from None
