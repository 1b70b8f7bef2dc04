"""robots.txt as RFC 9309 says, in place of Scrapy's ``RobotsTxtMiddleware``.

Scrapy 2.19's middleware differs from the RFC where it matters to the sites we
crawl:

- Requests that wait for a host's robots.txt share one Deferred, turned into
  an asyncio Future per waiter; the first waiter's Future consumes the result,
  so every later waiter gets ``None`` and goes out unchecked (a ``Disallow: /``
  page was fetched and stored). Here each waiter gets its own Deferred.
- A robots.txt that answers 5xx, times out or cannot be reached means "allow
  all" there. RFC 9309 section 2.3.1.4: the crawler MUST assume complete
  disallow. Here nothing on that host is fetched for the rest of the run.
- Any answer's body is parsed as rules, a 404 page or a 503 error page too.
  Here only a 2xx body is; 4xx means "unavailable", which allows all (2.3.1.3).
- Redirects are left to ``RedirectMiddleware`` (up to REDIRECT_MAX_TIMES, and
  not to other hosts, which the offsite filter drops). Here up to five are
  followed, across hosts too (2.3.1.2); a sixth means "unavailable".

Forbidden requests are refused with ``IgnoreRequest`` and counted as
``robotstxt/forbidden``, Scrapy's own key; why a host is closed is counted as
``newscrawl/robotstxt/disallow_all/<reason>``.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

#: RFC 9309 2.3.1.2: "crawlers SHOULD follow at least five consecutive redirects".
MAX_REDIRECTS = 5


class DisallowAll(RobotParser):
    """The rules of a host whose robots.txt could not be read: nothing is allowed."""

    @classmethod
    def from_crawler(cls, crawler, robotstxt_body: bytes) -> DisallowAll:
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class RFC9309RobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's middleware with RFC 9309 fetching: see the module docstring."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._waiting: dict[str, list[Deferred]] = {}

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc in self._parsers:
            return await self._rules_when_known(netloc)
        self._parsers[netloc] = None
        self._waiting[netloc] = []
        try:
            rules = await self._fetch_rules(f"{url.scheme}://{netloc}/robots.txt", netloc, request)
        except Exception as exc:  # a bug here must not open the host
            logger.exception("robots.txt of %s: unexpected error, nothing fetched there", netloc)
            self._stats.inc_value(f"newscrawl/robotstxt/disallow_all/{type(exc).__name__}")
            rules = DisallowAll()
        self._stats.inc_value("robotstxt/request_count")
        self._parsers[netloc] = rules
        for waiter in self._waiting.pop(netloc):
            waiter.callback(rules)
        return rules

    async def _rules_when_known(self, netloc: str) -> RobotParser | None:
        if netloc not in self._waiting:
            return self._parsers[netloc]
        waiter: Deferred[RobotParser | None] = Deferred()
        self._waiting[netloc].append(waiter)
        return await maybe_deferred_to_future(waiter)

    async def _fetch_rules(self, robots_url: str, netloc: str, request: Request) -> RobotParser | None:
        """The rules of ``netloc``: parsed from a 2xx robots.txt, ``None`` (allow
        all) when it is unavailable, :class:`DisallowAll` when it is unreachable."""
        url = robots_url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                response = await self.crawler.engine.download_async(self._robots_request(url))
            except Exception as exc:  # noqa: BLE001 - timeout, refused, reset, DNS, too large: all unreachable
                return self._disallow_all(netloc, "unreachable", f"{url}: {exc!r}")
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            if 300 <= response.status < 400 and b"Location" in response.headers:
                url = urljoin(response.url, response.headers[b"Location"].decode("latin-1"))
                continue
            if response.status >= 500:
                return self._disallow_all(netloc, "server_error", f"{url} answered {response.status}")
            if response.status >= 300:
                return None  # 4xx (or a 3xx without Location): unavailable, allow all
            return await self._parse(response, request)
        self._stats.inc_value("newscrawl/robotstxt/too_many_redirects")
        logger.warning("robots.txt of %s: more than %d redirects, treated as unavailable (allow all)",
                       netloc, MAX_REDIRECTS)
        return None

    def _robots_request(self, url: str) -> Request:
        return Request(url, priority=self.DOWNLOAD_PRIORITY, callback=NO_CALLBACK, meta={
            "dont_obey_robotstxt": True,
            "dont_redirect": True,  # followed here, counted against MAX_REDIRECTS
            "allow_offsite": True,  # RFC 9309: redirects may lead to another authority
        })

    async def _parse(self, response: Response, request: Request) -> RobotParser:
        rules = build_from_crawler(self._parserimpl, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=rules, request=request)
        return rules

    def _disallow_all(self, netloc: str, reason: str, detail: str) -> DisallowAll:
        self._stats.inc_value(f"newscrawl/robotstxt/disallow_all/{reason}")
        logger.warning("robots.txt of %s cannot be read (%s): nothing on that host is fetched "
                       "this run (RFC 9309 2.3.1.4)", netloc, detail)
        return DisallowAll()
