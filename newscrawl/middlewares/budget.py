"""A ceiling on the requests one run queues.

Every request the spiders yield waits in Scrapy's in-memory scheduler until it
is downloaded, a kilobyte or two each with its metadata. Feeds, sitemaps and
listing pages are each bounded (NEWSCRAWL_FEED_MAX_ENTRIES,
NEWSCRAWL_LISTING_MAX_LINKS, the sitemap size), but a sitemap index may list
many sitemaps: this middleware bounds the run. Past
``NEWSCRAWL_MAX_QUEUED_REQUESTS`` distinct requests, further ones are dropped
and counted as ``newscrawl/queue/cut`` (logged once). A request seen before
(the same article from a feed and a sitemap) passes without using the budget:
the scheduler's duplicate filter drops it.

It sits after the incremental middleware in the spider output, so articles
already archived do not use the budget either.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class RequestBudgetMiddleware:
    def __init__(self, crawler, max_requests: int) -> None:
        self.crawler = crawler
        self.max_requests = max_requests
        self.admitted: set[bytes] = set()
        self.cut = 0

    @classmethod
    def from_crawler(cls, crawler):
        max_requests = crawler.settings.getint("NEWSCRAWL_MAX_QUEUED_REQUESTS")
        if max_requests <= 0:
            raise NotConfigured("NEWSCRAWL_MAX_QUEUED_REQUESTS is 0: no ceiling")
        return cls(crawler, max_requests)

    def admit(self, request: Request) -> bool:
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        if fingerprint in self.admitted:
            return True
        if len(self.admitted) < self.max_requests:
            self.admitted.add(fingerprint)
            return True
        if not self.cut:
            logger.warning("this run queued NEWSCRAWL_MAX_QUEUED_REQUESTS (%d) requests: "
                           "further ones are dropped and counted (newscrawl/queue/cut)",
                           self.max_requests)
        self.cut += 1
        self.crawler.stats.inc_value("newscrawl/queue/cut")
        return False

    def process_spider_output(self, response, result: Iterable[Any]) -> Iterator[Any]:
        for obj in result:
            if not isinstance(obj, Request) or self.admit(obj):
                yield obj

    async def process_spider_output_async(self, response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            if not isinstance(obj, Request) or self.admit(obj):
                yield obj

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in self.process_spider_output_async(None, start):
            yield obj
