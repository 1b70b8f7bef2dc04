"""Honour ``Retry-After`` on 429 and 503 responses.

Scrapy's RetryMiddleware retries 429/503 at once, ignoring the server's
``Retry-After``: a rate-limited news site sees the same burst again and keeps
refusing until the retries are used up. This subclass replaces it (same
settings: ``RETRY_TIMES``, ``RETRY_HTTP_CODES``...) and, when a 429/503 carries
``Retry-After``, pauses every request to that host for the time asked before
retrying — the server asked the client, not one URL, to back off.

Settings: ``NEWSCRAWL_RETRY_AFTER_MAX`` (seconds; a longer ``Retry-After``
means maintenance, not rate limiting: the request is given up instead of
holding the crawl), ``NEWSCRAWL_RETRY_AFTER_STATUSES``.

Stats: ``newscrawl/retry_after/honoured``, ``.../over_cap`` (given up),
``.../invalid`` (unparsable header: plain retry), ``.../waited`` (requests
held back by a pause).
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached


def parse_retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or an
    HTTP-date, RFC 9110 10.2.3), or None when it is missing or unreadable.
    A date in the past means 0."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits as long as ``Retry-After`` says (capped)."""

    def __init__(self, settings, stats) -> None:
        super().__init__(settings)
        self.stats = stats
        self.max_wait = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        self.statuses = {int(s) for s in settings.getlist("NEWSCRAWL_RETRY_AFTER_STATUSES")}
        #: host -> monotonic time before which no request goes to it
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler.settings, crawler.stats)
        middleware.crawler = crawler
        return middleware

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        wait = self.paused_until.get(host, 0.0) - time.monotonic()
        if wait > 0:
            self.stats.inc_value("newscrawl/retry_after/waited")
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response, spider=None):
        if (request.meta.get("dont_retry") or response.status not in self.retry_http_codes
                or response.status not in self.statuses
                or b"Retry-After" not in response.headers):
            return super().process_response(request, response)
        seconds = parse_retry_after(response.headers.get(b"Retry-After"))
        if seconds is None:
            self.stats.inc_value("newscrawl/retry_after/invalid")
        elif seconds > self.max_wait:
            self.stats.inc_value("newscrawl/retry_after/over_cap")
            return response
        else:
            self.stats.inc_value("newscrawl/retry_after/honoured")
            self.pause(urlparse_cached(request).netloc, seconds)
        return super().process_response(request, response)

    def pause(self, host: str, seconds: float) -> None:
        """Hold back every request to ``host`` for ``seconds`` (never shortens a pause)."""
        until = time.monotonic() + seconds
        self.paused_until[host] = max(self.paused_until.get(host, 0.0), until)
