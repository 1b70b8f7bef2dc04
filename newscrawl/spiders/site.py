"""``site``: article links on a source's listing pages (section fronts).

For outlets without usable feeds or sitemaps. Follows links that match the
source's article patterns, and ``rel=next`` pagination up to
``NEWSCRAWL_LISTING_DEPTH`` pages deep.
"""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor

from newscrawl.spiders.base import NewsSpider, discovery


class SiteSpider(NewsSpider):
    name = "site"

    async def start(self):
        for url in self.source.listing_pages:
            yield self.channel_request(url, "listing", self.parse_listing, meta={"listing_depth": 0})

    @discovery
    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not hasattr(response, "text"):
            self.count("discovery/listing_not_text")
            return
        # Domains are checked by article_request (Source.is_allowed), which,
        # unlike LinkExtractor(allow_domains=...), ignores the port.
        for link in LinkExtractor().extract_links(response):
            if self.source.is_article_url(link.url):
                self.count_entry()
                request = self.article_request(link.url, {"listing": {"page": response.url}})
                if request is not None:
                    yield request
        depth = response.meta.get("listing_depth", 0)
        if depth < self.settings.getint("NEWSCRAWL_LISTING_DEPTH"):
            for href in response.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').getall():
                yield response.follow(href, callback=self.parse_listing,
                                      meta={"listing_depth": depth + 1})
