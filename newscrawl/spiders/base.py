"""What every newscrawl spider shares: its source, and how an article is fetched.

A spider only discovers article URLs and fetches them; it yields the raw page
as an item (``_page``) and leaves extraction, dates, agencies and storage to
the item pipelines, so the same pipelines serve every way of discovery.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionDone, ConnectionLost, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.web.client import ResponseFailed

from newscrawl.discovery import TruncatedXML
from newscrawl.middlewares.discovery_size import MAX_BODY
from newscrawl.schema import canonical_url, document_id, domain_of
from newscrawl.sources import Source, SourceError, get_source, load_registry

#: Content types that may hold an article page.
HTML_TYPES = (b"text/html", b"application/xhtml+xml")


class NewsSpider(scrapy.Spider):
    """Base class: ``-a source=NAME`` picks the registry entry to crawl."""

    source: Source

    def __init__(self, source: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_name = source

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.source = cls.registry_source(crawler.settings, spider.source_name)
        spider.allowed_domains = list(spider.source.allowed_domains)
        return spider

    @classmethod
    def registry_source(cls, settings, name: str | None) -> Source:
        """The registry entry ``-a source=NAME`` names. Raises SourceError, which
        ``scrapy crawl`` reports as a usage error before the crawl starts
        (newscrawl.scrapy_commands.crawl); past that check, from spider init."""
        registry = load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES"))
        if not name:
            known = ", ".join(sorted(registry))
            raise SourceError(f"spider {cls.name!r} needs a source: scrapy crawl {cls.name} "
                              f"-a source=NAME (known sources: {known})")
        return get_source(registry, name)

    def count(self, key: str, value: int = 1) -> None:
        self.crawler.stats.inc_value(f"newscrawl/{key}", value)

    def read_entries(self, entries: Iterator[Any], url: str) -> Iterator[Any]:
        """The entries of a feed or sitemap; a document that breaks off is counted
        (``newscrawl/discovery/truncated_xml``) with what was read before kept."""
        try:
            yield from entries
        except TruncatedXML as exc:
            self.count("discovery/truncated_xml")
            self.logger.warning("feed or sitemap broke off, entries before kept: %s (%s)", url, exc)

    def discovery_request(self, url: str, callback) -> scrapy.Request:
        """A request for a feed or sitemap: read up to NEWSCRAWL_DISCOVERY_MAXSIZE
        (the sitemap protocol's 50 MB, not an article page's DOWNLOAD_MAXSIZE),
        cut there rather than lost (newscrawl.middlewares.discovery_size), and a
        failure counted without a traceback."""
        limit = self.settings.getint("NEWSCRAWL_DISCOVERY_MAXSIZE")
        return scrapy.Request(url, callback=callback, errback=self.discovery_failed, meta={
            "download_maxsize": limit, "download_warnsize": limit, MAX_BODY: limit})

    def discovery_body(self, response: Response) -> bytes:
        """The body of a feed or sitemap response; one cut at the size limit is
        counted (``newscrawl/discovery/cut``) and its first part read."""
        if "download_stopped" in response.flags:
            self.count("discovery/cut")
            self.logger.warning("feed or sitemap larger than NEWSCRAWL_DISCOVERY_MAXSIZE, its first "
                                "%d bytes read: %s", len(response.body), response.url)
        return response.body

    def discovery_failed(self, failure) -> None:
        self.count(f"discovery/failed/{failure_reason(failure.value)}")
        self.logger.warning("feed or sitemap fetch failed: %s (%s)", failure.request.url, failure.value)

    def article_request(self, url: str, hints: dict[str, Any]) -> scrapy.Request | None:
        """A request for an article page, or None (counted) when the URL is not
        one of this source's articles. ``hints`` (feed or sitemap metadata)
        travel in ``request.meta`` to the pipelines."""
        if not self.source.is_allowed(url):
            self.count("discovery/offsite")
            return None
        if not self.source.is_article_url(url):
            self.count("discovery/not_article_url")
            return None
        self.count("discovery/article_urls")
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"newscrawl_hints": hints, "newscrawl_id": document_id(url)},
        )

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        """Yield the fetched page as an item for the pipelines.

        A page served as something else than HTML (a PDF or a video listed in a
        feed) goes on without its body, marked ``not_html``: the extract stage
        drops it with that reason and the store records the drop, so later runs
        do not download the file again."""
        content_type = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower()
        not_html = content_type.decode("latin-1") if content_type and content_type not in HTML_TYPES else None
        url = canonical_url(response.url)
        yield {
            "url": url,
            "source": self.source.name,
            "domain": domain_of(url),
            "fetched_at": datetime.now(UTC),
            "_page": {
                "requested_url": response.request.url if response.request else response.url,
                "status": response.status,
                "body": b"" if not_html else response.body,
                "not_html": not_html,
                "declared_encoding": _header_charset(response),
                "etag": _header(response, b"ETag"),
                "last_modified": _header(response, b"Last-Modified"),
                "hints": response.meta.get("newscrawl_hints", {}),
            },
        }

    def article_failed(self, failure) -> None:
        self.count(f"fetch/failed/{failure_reason(failure.value)}")
        self.logger.warning("article fetch failed: %s (%s)", failure.request.url, failure.value)


#: Exception types of a failed fetch -> the stable short name it is counted by.
_FAILURE_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    # Scrapy's HTTP/1.1 handler cancels a download only when it exceeds DOWNLOAD_MAXSIZE.
    ((DownloadCancelledError,), "too_large"),
    ((DownloadTimeoutError, TimeoutError, TwistedTimeoutError), "timeout"),
    ((DownloadConnectionRefusedError, ConnectionRefusedError), "connection_refused"),
    ((CannotResolveHostError, DNSLookupError), "dns_error"),
    ((ResponseDataLossError,), "data_loss"),
    ((DownloadFailedError, ConnectionLost, ConnectionDone, ResponseFailed), "connection_lost"),
)


def failure_reason(exc: BaseException) -> str:
    """Stable short name of why a fetch failed, for ``newscrawl/fetch/failed/<reason>``."""
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a decompression bomb
            return "too_large"
        return "robots_txt" if "robots.txt" in message else "ignored"
    for types, reason in _FAILURE_REASONS:
        if isinstance(exc, types):
            return reason
    return type(exc).__name__


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _header_charset(response: Response) -> str | None:
    content_type = _header(response, b"Content-Type") or ""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
