"""``site``: article links on a source's listing pages (section fronts).

For outlets without usable feeds or sitemaps. Follows links that match the
source's article patterns, and ``rel=next`` pagination up to
``NEWSCRAWL_LISTING_DEPTH`` pages deep.
"""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.url import url_has_any_extension

from newscrawl.discovery.links import listing_links
from newscrawl.spiders.base import NewsSpider, discovery

#: Files, not pages (LinkExtractor's default ``deny_extensions``).
FILE_EXTENSIONS = frozenset(f".{extension}" for extension in IGNORED_EXTENSIONS)


class SiteSpider(NewsSpider):
    name = "site"

    async def start(self):
        for url in self.source.listing_pages:
            yield self.channel_request(url, "listing", self.parse_listing, meta={"listing_depth": 0})

    def takes_link(self, url: str) -> bool:
        return self.source.is_article_url(url) and not url_has_any_extension(url, FILE_EXTENSIONS)

    @discovery
    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if not hasattr(response, "text"):
            self.count("discovery/listing_not_text")
            return
        # Domains are checked by article_request (Source.is_allowed), which,
        # unlike LinkExtractor(allow_domains=...), ignores the port.
        links = listing_links(response.body, response.url, self.takes_link,
                              self.settings.getint("NEWSCRAWL_LISTING_MAX_LINKS"), response.encoding)
        if links.not_read:
            self.count("discovery/links_cut", links.not_read)
            self.logger.warning("listing page has more article links than NEWSCRAWL_LISTING_MAX_LINKS "
                                "(%d taken, %d links after them not read): %s",
                                len(links.urls), links.not_read, response.url)
        for url in links.urls:
            self.count_entry()
            request = self.article_request(url, {"listing": {"page": response.url}})
            if request is not None:
                yield request
        depth = response.meta.get("listing_depth", 0)
        if depth < self.settings.getint("NEWSCRAWL_LISTING_DEPTH"):
            for url in links.next_pages:
                yield self.discovery_request(url, self.parse_listing,
                                             meta={"listing_depth": depth + 1})
