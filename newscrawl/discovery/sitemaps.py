"""Sitemaps, sitemap indexes and Google News sitemaps.

Scrapy's own sitemap parser drops the nested ``news:*`` elements, and those
carry what a news crawl needs most: the publication date (to keep a daily run
inside a date window), the headline and keywords. So entries are read here
with lxml, entities off, streaming (see :mod:`.xml`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from newscrawl.discovery.xml import child_text, iter_elements, localname

_ENTRIES = frozenset({"url", "sitemap"})


class SitemapKind(enum.Enum):
    URLSET = "urlset"
    INDEX = "sitemapindex"


@dataclass(frozen=True)
class SitemapEntry:
    kind: SitemapKind  # INDEX: ``url`` is another sitemap
    url: str
    lastmod: str | None = None
    publication_date: str | None = None  # news:publication_date, raw
    title: str | None = None  # news:title
    keywords: tuple[str, ...] = field(default=())  # news:keywords, split on commas
    language: str | None = None  # news:language


def parse_sitemap(body: bytes, base_url: str) -> Iterator[SitemapEntry]:
    """Entries of a sitemap or sitemap index with absolute URLs, in order."""
    for element in iter_elements(body, _ENTRIES):
        loc = None
        for child in element:
            if localname(child.tag) == "loc":
                loc = (child.text or "").strip()
                break
        if not loc:
            continue
        url = urljoin(base_url, loc)
        if not url.startswith(("http://", "https://")):
            continue
        if localname(element.tag) == "sitemap":
            yield SitemapEntry(SitemapKind.INDEX, url, lastmod=child_text(element, "lastmod"))
            continue
        news = next((c for c in element if localname(c.tag) == "news"), None)
        keywords: tuple[str, ...] = ()
        pub_date = title = language = None
        if news is not None:
            pub_date = child_text(news, "publication_date")
            title = child_text(news, "title")
            language = child_text(news, "language")
            raw_keywords = child_text(news, "keywords") or ""
            keywords = tuple(k.strip() for k in raw_keywords.split(",") if k.strip())
        yield SitemapEntry(
            SitemapKind.URLSET, url, lastmod=child_text(element, "lastmod"),
            publication_date=pub_date, title=title, keywords=keywords, language=language,
        )


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs a robots.txt announces (case-insensitive key)."""
    urls = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            urls.append(urljoin(base_url, value.strip()))
    return urls
