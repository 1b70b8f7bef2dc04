"""What every newscrawl spider shares: its source, and how an article is fetched.

A spider only discovers article URLs and fetches them; it yields the raw page
as an item (``_page``) and leaves extraction, dates, agencies and storage to
the item pipelines, so the same pipelines serve every way of discovery.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
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
from newscrawl.ops.crawlstats import BENIGN_FAILURES, CHANNELS_PREFIX
from newscrawl.schema import canonical_url, document_id, domain_of
from newscrawl.sources import Source, SourceError, get_source, load_registry

#: Content types that may hold an article page.
HTML_TYPES = (b"text/html", b"application/xhtml+xml")
#: Request meta key: the configured feed, sitemap, robots.txt or listing page
#: (the *channel*) a discovery request descends from.
CHANNEL = "newscrawl_channel"
#: Request meta key: the request is the channel's own (kept through redirects).
CHANNEL_ROOT = "newscrawl_channel_root"


def discovery(callback: Callable[[Any, Response], Iterable[Any]]):
    """Marks a spider callback that parses a discovery page (feed, sitemap,
    robots.txt, listing page): the page counts as fetched, the entries it
    lists count for its channel, and the discovery requests it yields
    (child sitemaps, next pages) inherit the channel and the failure
    handler.

    The channel is set again before each step of the callback's generator:
    Scrapy interleaves the output of several responses, but one step runs
    without interruption, and ``article_request`` is called inside it."""

    @functools.wraps(callback)
    def wrapper(self: NewsSpider, response: Response) -> Iterator[Any]:
        channel = response.meta.get(CHANNEL) or response.url
        self.count("fetch/discovery_pages")
        self.mark_read(channel)
        output = iter(callback(self, response))
        while True:
            self.current_channel = channel
            try:
                obj = next(output)
            except StopIteration:
                break
            finally:
                self.current_channel = None
            if isinstance(obj, scrapy.Request) and "newscrawl_id" not in obj.meta:
                obj.meta.setdefault(CHANNEL, channel)
                if obj.errback is None:
                    obj.errback = self.discovery_failed
            yield obj

    return wrapper


class NewsSpider(scrapy.Spider):
    """Base class: ``-a source=NAME`` picks the registry entry to crawl."""

    source: Source

    def __init__(self, source: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_name = source
        #: The channel whose page is being parsed (see :func:`discovery`).
        self.current_channel: str | None = None
        self.channel_kinds: dict[str, str] = {}

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

    def channel_request(self, url: str, kind: str, callback: Callable[..., Any],
                        **kwargs: Any) -> scrapy.Request:
        """The request for a configured channel (``kind``: ``feed``,
        ``sitemap``, ``robots`` or ``listing``). Stats: its entry count
        (``newscrawl/channels/<kind>/entries/<url>``: feed items, sitemap
        entries of every age, article links of a listing page, with those of
        the child sitemaps and next pages) is 0 from the moment a page of it
        is parsed, so a channel read that lists nothing is seen as empty;
        ``.../failed/<url>`` is set to 1 when the channel itself cannot be
        fetched. A channel this process never got to read (another process
        of a distributed run took its request) has neither. Read by the
        ``channels`` monitor (:mod:`newscrawl.ops.monitors`)."""
        self.channel_kinds.setdefault(url, kind)
        meta = {**kwargs.pop("meta", {}), CHANNEL: url, CHANNEL_ROOT: True}
        return self.discovery_request(url, callback, meta=meta, **kwargs)

    def mark_read(self, channel: str) -> None:
        kind = self.channel_kinds.get(channel)
        if kind is not None:
            key = f"{CHANNELS_PREFIX}{kind}/entries/{channel}"
            self.crawler.stats.set_value(key, self.crawler.stats.get_value(key, 0))

    def count_entry(self) -> None:
        """One more entry listed by the channel being parsed."""
        channel = self.current_channel
        kind = self.channel_kinds.get(channel or "")
        if kind is not None:
            self.crawler.stats.inc_value(f"{CHANNELS_PREFIX}{kind}/entries/{channel}")

    def discovery_failed(self, failure) -> None:
        """A feed, sitemap or listing page could not be fetched: counted like
        an article failure (``fetch/failed/<reason>``, which the error rate
        reads), as a discovery failure (``discovery/failed/<reason>``) and,
        for a configured channel, as its failure
        (any error status: a feed that answers 404 has moved), unless it
        was not fetched on purpose (robots.txt forbids it)."""
        reason = failure_reason(failure.value)
        self.count(f"fetch/failed/{reason}")
        self.count(f"discovery/failed/{reason}")
        meta = failure.request.meta
        channel = meta.get(CHANNEL) if meta.get(CHANNEL_ROOT) else None
        kind = self.channel_kinds.get(channel or "")
        if kind is not None and reason not in BENIGN_FAILURES:
            self.crawler.stats.set_value(f"{CHANNELS_PREFIX}{kind}/failed/{channel}", 1)
        self.logger.warning("discovery page fetch failed: %s (%s)", failure.request.url, failure.value)

    def read_entries(self, entries: Iterator[Any], url: str) -> Iterator[Any]:
        """The entries of a feed or sitemap; a document that breaks off is counted
        (``newscrawl/discovery/truncated_xml``) with what was read before kept."""
        try:
            for entry in entries:
                self.count_entry()
                yield entry
        except TruncatedXML as exc:
            self.count("discovery/truncated_xml")
            self.logger.warning("feed or sitemap broke off, entries before kept: %s (%s)", url, exc)

    def discovery_request(self, url: str, callback: Callable[..., Any],
                          **kwargs: Any) -> scrapy.Request:
        """A request for a feed, sitemap or listing page: read up to
        NEWSCRAWL_DISCOVERY_MAXSIZE (the sitemap protocol's 50 MB, not an
        article page's DOWNLOAD_MAXSIZE), cut there rather than lost
        (newscrawl.middlewares.discovery_size), and a failure counted without a
        traceback (:meth:`discovery_failed`)."""
        limit = self.settings.getint("NEWSCRAWL_DISCOVERY_MAXSIZE")
        meta = {**kwargs.pop("meta", {}), "download_maxsize": limit, "download_warnsize": limit,
                MAX_BODY: limit}
        return scrapy.Request(url, callback=callback, errback=self.discovery_failed, meta=meta,
                              **kwargs)

    def discovery_body(self, response: Response) -> bytes:
        """The body of a feed or sitemap response; one cut at the size limit is
        counted (``newscrawl/discovery/cut``) and its first part read."""
        if "download_stopped" in response.flags:
            self.count("discovery/cut")
            self.logger.warning("feed or sitemap larger than NEWSCRAWL_DISCOVERY_MAXSIZE, its first "
                                "%d bytes read: %s", len(response.body), response.url)
        return response.body

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
        return self.fetch_article(url, hints)

    def fetch_article(self, url: str, hints: dict[str, Any]) -> scrapy.Request | None:
        """The request of an article URL discovery accepted."""
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
        self.count("fetch/article_pages")
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
        self.count("fetch/articles_failed")
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
