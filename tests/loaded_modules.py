"""A Scrapy extension for tests: when the spider closes, it writes the names of
the modules the crawl process has imported, and the crawl's stats, as JSON to
the file named by the ``TEST_LOADED_MODULES_FILE`` setting."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scrapy import signals


class LoadedModules:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings.get("TEST_LOADED_MODULES_FILE"))

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider) -> None:
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, int)}
        self.path.write_text(json.dumps({"modules": sorted(sys.modules), "stats": stats}))
