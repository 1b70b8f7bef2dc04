"""``source``: every discovery channel of one source, each article fetched once.

A source with a feed, a sitemap and a front page lists most articles in all
three. Run as three spiders, each with its own scheduler and duplicate
filter, the same article was fetched up to three times a run and counted
"stored" by each. This spider reads all channels of the source in one crawl:
one scheduler, one duplicate filter, one set of stats.

An article request waits for the channels: while feeds, sitemaps (with their
indexes and robots.txt entries) and listing pages (with their pagination) are
fetched, the article URLs they list are collected, keyed by document id, and
the evidence of every channel that lists one is merged into its hints
(``feed`` date and author, news-sitemap date and keywords, the ``listing``
page). When discovery is done (the spider is idle) one local ``data:``
request is scheduled whose callback yields every collected article request
once: its output goes through the spider middlewares like any page's, so the
incremental look-up (:mod:`newscrawl.middlewares.incremental`) skips the
archived ones in batches.

Stats besides the channel spiders': ``newscrawl/discovery/articles`` (distinct
article URLs requested), ``newscrawl/discovery/merged`` (listings of an
article another channel, or another page, listed already).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from newscrawl.schema import document_id
from newscrawl.spiders.feeds import FeedsSpider
from newscrawl.spiders.site import SiteSpider
from newscrawl.spiders.sitemap import SitemapSpider

#: Request meta key marking the request that releases the collected articles.
RELEASE = "newscrawl_release"


def merge_hints(into: dict[str, Any], hints: dict[str, Any]) -> None:
    """Add one listing's hints (``{"feed": {...}}``, ``{"sitemap": {...}}``,
    ``{"listing": {...}}``) to an article's: a channel kind seen for the first
    time is taken whole; for one seen before, fields still empty are filled
    (two feeds of one outlet, one with the date and one without)."""
    for kind, evidence in hints.items():
        known = into.get(kind)
        if known is None:
            into[kind] = dict(evidence) if isinstance(evidence, dict) else evidence
        elif isinstance(known, dict) and isinstance(evidence, dict):
            for key, value in evidence.items():
                if known.get(key) in (None, "", [], ()):
                    known[key] = value


class SourceSpider(FeedsSpider, SitemapSpider, SiteSpider):
    """All channels of ``-a source=NAME``; see the module documentation."""

    name = "source"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: document id -> [url, merged hints], in the order first listed.
        self.collected: dict[str, list[Any]] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    async def start(self):
        for channel in (FeedsSpider, SitemapSpider, SiteSpider):
            async for request in channel.start(self):
                yield request

    def fetch_article(self, url: str, hints: dict[str, Any]) -> scrapy.Request | None:
        """Collect the article instead of requesting it (see the module
        documentation); returns None, so the channel callbacks yield nothing
        for it now."""
        key = document_id(url)
        entry = self.collected.get(key)
        if entry is None:
            entry = self.collected[key] = [url, {}]
        else:
            self.count("discovery/merged")
        merge_hints(entry[1], hints)
        return None

    def spider_idle(self) -> None:
        """Discovery is done: schedule the request that releases the articles."""
        if not self.collected:
            return
        release = scrapy.Request(f"data:,{uuid.uuid4().hex}", callback=self.release_articles,
                                 dont_filter=True, meta={RELEASE: True})
        self.crawler.engine.crawl(release)
        raise DontCloseSpider

    def release_articles(self, response: Response) -> Iterator[scrapy.Request]:
        collected, self.collected = self.collected, {}
        self.count("discovery/articles", len(collected))
        for url, hints in collected.values():
            request = super().fetch_article(url, hints)
            if request is not None:
                yield request
