"""Scrapy settings of the newscrawl project.

Scrapy's own defaults are tuned for quick one-off scrapes. These are tuned for
unattended, polite, scheduled crawls of news sites: robots.txt obeyed,
AutoThrottle on, bounded response sizes, no telnet console (it logs its
password), the asyncio reactor.
"""

from newscrawl import __version__
from newscrawl.settings.defaults import *

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

USER_AGENT = (
    f"newscrawl/{__version__} (+https://github.com/newscrawl/newscrawl; news archive crawler)"
)
ROBOTSTXT_OBEY = True

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts CONCURRENT_ITEMS worker tasks for every response's output (100 by
# default); an article response yields one item, so 96 of them only cost CPU
# (2 ms a page measured, 40% of the crawl process's; see bench/throughput.py).
CONCURRENT_ITEMS = 4
DOWNLOAD_TIMEOUT = 30

# A news page is well under 5 MB; Scrapy's 1 GB default lets one decompression
# bomb take a gigabyte of memory.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 2

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's lets requests waiting for a robots.txt through unchecked and reads
    # an unreachable robots.txt as "allow all"; ours follows RFC 9309.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.middlewares.robots.RFC9309RobotsTxtMiddleware": 100,
    # Scrapy's downloads the Public Suffix List on the first Set-Cookie and lets
    # one response fill the jar until every request to the host gets a 431.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "newscrawl.middlewares.cookies.BoundedCookiesMiddleware": 700,
    # Scrapy's RetryMiddleware retries a 429/503 at once, ignoring Retry-After.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.retry_after.RetryAfterMiddleware": 550,
    # Scrapy's decodes the whole page to read its first 4,096 characters.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.middlewares.meta_refresh.HeadMetaRefreshMiddleware": 580,
    # NEWSCRAWL_WARC_DIR: fetched pages to WARC files, bodies decoded by 590 (docs/warc.md).
    "newscrawl.warc.middleware.WarcArchiveMiddleware": 585,
}

SPIDER_MIDDLEWARES = {
    # Archived article URLs are not fetched again unless due (docs/archive.md).
    "newscrawl.middlewares.incremental.IncrementalMiddleware": 950,
    # A ceiling on the requests one run queues; after the incremental filter.
    "newscrawl.middlewares.budget.RequestBudgetMiddleware": 940,
}

# The telnet console prints its password into the log of every run.
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control (2.15+, on by default): an HTTP server on localhost that runs
# Python sent to it inside the crawl, a listening port unattended crawls do not use.
# (Scrapy imports its module, and aiohttp, 9 MB, all the same.)
REMOTE_CONTROL_ENABLED = False

ITEM_PIPELINES = {
    "newscrawl.pipelines.extract.ExtractPipeline": 100,
    "newscrawl.pipelines.validate.ValidatePipeline": 200,
    "newscrawl.pipelines.dates.DatesPipeline": 300,
    "newscrawl.pipelines.agencies.AgenciesPipeline": 400,
    "newscrawl.pipelines.dedupe.DedupePipeline": 800,
    "newscrawl.pipelines.store.MongoWriterPipeline": 900,
}

FEED_EXPORT_ENCODING = "utf-8"
# -O items.csv: lists and objects as JSON text, as `newscrawl export` writes them.
FEED_EXPORTERS = {"csv": "newscrawl.export.feeds.RecordCsvExporter"}
EXTENSIONS = {
    # Health monitors and the `runs` record of every crawl (newscrawl.ops).
    "newscrawl.ops.runs.RunRecorder": 500,
    # The live progress line on a terminal.
    "newscrawl.ops.progress.ProgressLine": 510,
    # Feeds and sitemaps over NEWSCRAWL_DISCOVERY_MAXSIZE are cut, not lost.
    "newscrawl.middlewares.discovery_size.DiscoveryBodyLimit": 520,
    # Counts what Scrapy's feed exports (-O) wrote, for the feed_exports monitor.
    "newscrawl.ops.feeds.FeedExportCounter": 530,
    # The garbage collector skips the objects of start-up (CPU, newscrawl/ops/collector.py).
    "newscrawl.ops.collector.FrozenStartupObjects": 540,
    # The heap memory pages freed goes back to the system (memory, newscrawl/ops/heap.py).
    "newscrawl.ops.heap.HeapTrim": 550,
}
# `scrapy crawl` checks -a source=NAME and -s values before it starts, and exits 1
# when a feed export lost items (newscrawl/scrapy_commands/crawl.py).
COMMANDS_MODULE = "newscrawl.scrapy_commands"

LOG_LEVEL = "INFO"
