"""``sitemap``: article URLs from sitemaps, sitemap indexes and news sitemaps.

Only entries inside the date window (``NEWSCRAWL_SITEMAP_WINDOW_DAYS``, or the
source's ``sitemap_window_days``) are fetched: a news sitemap index of a large
outlet lists years of archive, and a daily run wants the last few days.
Entries without any date are fetched (we cannot tell their age).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.utils.gz import gunzip

from newscrawl.dates import parse_date
from newscrawl.discovery import SitemapKind, parse_sitemap, robots_sitemaps
from newscrawl.spiders.base import NewsSpider, discovery


class SitemapSpider(NewsSpider):
    name = "sitemap"

    async def start(self):
        for url in self.source.sitemaps:
            yield self.channel_request(url, "sitemap", self.parse_sitemap)
        if self.source.robots_sitemaps:
            roots = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}"
                     for u in (*self.source.feeds, *self.source.sitemaps, *self.source.listing_pages)}
            roots |= {f"https://{d}" for d in self.source.allowed_domains} if not roots else set()
            for root in sorted(roots):
                yield self.channel_request(f"{root}/robots.txt", "robots", self.parse_robots)

    @property
    def window_start(self) -> datetime:
        days = self.source.sitemap_window_days
        if days is None:
            days = self.settings.getfloat("NEWSCRAWL_SITEMAP_WINDOW_DAYS")
        return datetime.now(UTC) - timedelta(days=days)

    @discovery
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for url in robots_sitemaps(response.text, response.url):
            self.count("discovery/robots_sitemaps")
            yield self.discovery_request(url, self.parse_sitemap)

    @discovery
    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        body = self.discovery_body(response)
        if body[:2] == b"\x1f\x8b":
            max_size = self.settings.getint("NEWSCRAWL_DISCOVERY_MAXSIZE")
            try:
                body = gunzip(body, max_size=max_size)
            except (OSError, ValueError) as exc:  # corrupt, or larger than allowed
                self.count("discovery/bad_sitemap")
                self.logger.warning("cannot decompress sitemap %s: %s", response.url, exc)
                return
        window_start = self.window_start
        for entry in self.read_entries(parse_sitemap(body, response.url), response.url):
            raw = entry.publication_date or entry.lastmod
            when = parse_date(raw, timezone=self.source.timezone) if raw else None
            if when is not None and when.value < window_start:
                self.count("discovery/outside_window")
                continue
            if entry.kind is SitemapKind.INDEX:
                yield self.discovery_request(entry.url, self.parse_sitemap)
                continue
            hints = {"sitemap": {"publication_date": entry.publication_date,
                                 "lastmod": entry.lastmod, "title": entry.title,
                                 "keywords": list(entry.keywords), "language": entry.language}}
            request = self.article_request(entry.url, hints)
            if request is not None:
                yield request
