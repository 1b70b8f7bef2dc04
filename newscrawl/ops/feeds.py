"""Whether Scrapy's feed exports (``scrapy crawl ... -O items.jsonl``) wrote
every item.

Scrapy reports a feed whose storage failed (``feedexport/failed_count/...``)
but not an item its exporter could not write: that exception is caught and
logged by the signal dispatch, the crawl goes on and exits 0 with the item
missing from the file. This extension counts the items offered to the feeds
(one per feed that accepts the item) and the items the closed feeds hold, so
the ``feed_exports`` monitor (:mod:`newscrawl.ops.monitors`) can say when
they differ, and ``scrapy crawl`` (:mod:`newscrawl.scrapy_commands.crawl`)
exits 1.

Off (``NotConfigured``) when no feed is configured. Stats:
``newscrawl/feedexport/offered``, ``newscrawl/feedexport/exported``.
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter

OFFERED = "newscrawl/feedexport/offered"
EXPORTED = "newscrawl/feedexport/exported"


class FeedExportCounter:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self._exporter: FeedExporter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getdict("FEEDS"):
            raise NotConfigured
        counter = cls(crawler)
        crawler.signals.connect(counter.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(counter.feed_slot_closed, signal=signals.feed_slot_closed)
        return counter

    def exporter(self) -> FeedExporter | None:
        """Scrapy's feed exporter of this crawler (known once extensions are built)."""
        if self._exporter is None:
            manager = getattr(self.crawler, "extensions", None)
            self._exporter = next((ext for ext in getattr(manager, "middlewares", ())
                                   if isinstance(ext, FeedExporter)), None)
        return self._exporter

    def item_scraped(self, item: Any) -> None:
        exporter = self.exporter()
        if exporter is not None:
            accepting = sum(1 for slot in exporter.slots if slot.filter.accepts(item))
            self.stats.inc_value(OFFERED, accepting)

    def feed_slot_closed(self, slot: Any) -> None:
        self.stats.inc_value(EXPORTED, int(slot.itemcount))
