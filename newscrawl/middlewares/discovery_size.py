"""Feeds and sitemaps are read up to the sitemap protocol's 50 MB, and a larger
one is cut there rather than lost.

DOWNLOAD_MAXSIZE (16 MiB) suits article pages; a sitemap may be 50 MB
uncompressed (sitemaps.org), so spiders send feed and sitemap requests with
their own ``download_maxsize`` of ``NEWSCRAWL_DISCOVERY_MAXSIZE`` (see
``NewsSpider.discovery_request``). Past it, Scrapy cancels the download and
the whole document is lost, its entries before the limit too. This extension
keeps them: for a discovery request served without Content-Encoding it reads
up to the limit itself and then stops the download with
``StopDownload(fail=False)``, so the spider parses the first 50 MB (flagged
``download_stopped``; the spider counts ``newscrawl/discovery/cut``).

A compressed response keeps Scrapy's limits (on the compressed bytes, and on
the decompressed ones in HttpCompressionMiddleware): a cut compressed stream
cannot be decompressed, and lifting the limit would let a bomb through.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured, StopDownload
from scrapy.http import Headers

#: Request meta key: the most bytes of this feed or sitemap that are read.
MAX_BODY = "newscrawl_discovery_max_body"
_CUT_AT = "_newscrawl_cut_at"
_RECEIVED = "_newscrawl_received"


class DiscoveryBodyLimit:
    def __init__(self, crawler) -> None:
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getint("NEWSCRAWL_DISCOVERY_MAXSIZE"):
            raise NotConfigured("NEWSCRAWL_DISCOVERY_MAXSIZE is 0")
        return cls(crawler)

    def headers_received(self, headers: Headers, body_length: int, request: Request, spider) -> None:
        limit = request.meta.get(MAX_BODY)
        if not limit or headers.get(b"Content-Encoding", b"identity").lower() != b"identity":
            return
        # Scrapy reads download_maxsize after this signal; 0 stops it from
        # refusing a declared-larger document whole: bytes_received cuts it.
        request.meta["download_maxsize"] = 0
        request.meta[_CUT_AT] = limit
        request.meta[_RECEIVED] = 0  # a retry carries the meta of the attempt before

    def bytes_received(self, data: bytes, request: Request, spider) -> None:
        limit = request.meta.get(_CUT_AT)
        if not limit:
            return
        received = request.meta.get(_RECEIVED, 0) + len(data)
        request.meta[_RECEIVED] = received
        if received > limit:
            raise StopDownload(fail=False)
