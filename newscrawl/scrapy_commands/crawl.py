"""``scrapy crawl``, exiting 1 when a feed export lost items.

Scrapy's own command exits 0 whatever its feed exports did: a run whose
``-O items.jsonl`` could not write an item, or whose feed could not be
stored, looks like a success to cron and CI. This one runs the spider the
same way and then asks the ``feed_exports`` monitor; the other health
monitors decide the exit code of ``newscrawl crawl`` (and are recorded in
``runs``), not of ``scrapy crawl``.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newscrawl.ops.monitors import FeedExports


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("run one spider: scrapy crawl <spider> [options]")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        verdict = FeedExports().check(crawler.stats.get_stats() if crawler.stats else {}, ())
        if not verdict.ok:
            print(f"UNHEALTHY: {crawler.spidercls.name}: {verdict.message}", file=sys.stderr)
            self.exitcode = 1
