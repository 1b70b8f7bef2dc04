"""``feeds``: article URLs from a source's RSS and Atom feeds."""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response

from newscrawl.discovery import parse_feed
from newscrawl.spiders.base import NewsSpider, discovery


class FeedsSpider(NewsSpider):
    name = "feeds"

    async def start(self):
        for url in self.source.feeds:
            yield self.channel_request(url, "feed", self.parse_feed)

    @discovery
    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        max_entries = self.settings.getint("NEWSCRAWL_FEED_MAX_ENTRIES") or None
        seen = 0
        entries = parse_feed(self.discovery_body(response), response.url, max_entries=max_entries)
        for entry in self.read_entries(entries, response.url):
            seen += 1
            hints = {"feed": {"published": entry.published, "updated": entry.updated,
                              "title": entry.title, "author": entry.author}}
            request = self.article_request(entry.url, hints)
            if request is not None:
                yield request
        self.count("discovery/feed_entries", seen)
        if seen == 0:
            self.count("discovery/empty_feed")
            self.logger.warning("feed has no entries with links: %s", response.url)
