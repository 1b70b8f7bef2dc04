"""Cookies as Scrapy handles them, with two differences that matter unattended.

- Offline public suffixes. Scrapy's middleware asks tldextract whether a
  cookie's domain is a public suffix (``Domain=co.uk`` must not reach every
  ``.co.uk`` site); tldextract's default downloads the Public Suffix List from
  publicsuffix.org and GitHub on first use. A crawl contacts only its sources'
  hosts, so the list here is the snapshot bundled with tldextract (updated
  with each tldextract release).
- A bounded jar. One response setting 20,000 cookies made every later
  request to that host fail with 431 (Request Header Fields Too Large): each
  cookie domain keeps at most ``NEWSCRAWL_COOKIES_MAX_PER_HOST`` cookies and
  ``NEWSCRAWL_COOKIES_MAX_BYTES_PER_HOST`` bytes of names and values; cookies
  beyond are not stored, counted as ``newscrawl/cookies/cut``. Cookies already
  in the jar are still replaced and expired as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http.cookiejar import Cookie

from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.http import Request
from scrapy.http.cookies import CookieJar
from scrapy.utils.httpobj import urlparse_cached
from tldextract import TLDExtract

logger = logging.getLogger(__name__)

#: The bundled suffix list only: no download, no cache on disk.
_split_domain = TLDExtract(cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True)


def is_public_suffix(domain: str) -> bool:
    """``co.uk``, ``github.io``: a domain no site may set cookies for."""
    return not _split_domain(domain).domain


class BoundedCookiesMiddleware(CookiesMiddleware):
    """Scrapy's CookiesMiddleware with the bundled suffix list and a per-host cap."""

    def __init__(self, debug: bool = False, max_per_host: int = 50, max_bytes_per_host: int = 4096):
        super().__init__(debug)
        self.max_per_host = max_per_host
        self.max_bytes_per_host = max_bytes_per_host

    @classmethod
    def from_crawler(cls, crawler):
        middleware = super().from_crawler(crawler)
        middleware.max_per_host = crawler.settings.getint("NEWSCRAWL_COOKIES_MAX_PER_HOST")
        middleware.max_bytes_per_host = crawler.settings.getint("NEWSCRAWL_COOKIES_MAX_BYTES_PER_HOST")
        return middleware

    def _process_cookies(self, cookies: Iterable[Cookie], *, jar: CookieJar, request: Request) -> None:
        # Scrapy's loop, with is_public_suffix offline and the cap before the jar
        hostname = urlparse_cached(request).hostname
        if hostname is None:
            return
        request_domain = hostname.lower()
        cut = 0
        for cookie in cookies:
            cookie_domain = cookie.domain.removeprefix(".")
            if cookie_domain and is_public_suffix(cookie_domain):
                if cookie_domain != request_domain:
                    continue
                cookie.domain = request_domain
            if not self._has_room(jar, cookie):
                cut += 1
                continue
            jar.set_cookie_if_ok(cookie, request)
        if cut:
            self.crawler.stats.inc_value("newscrawl/cookies/cut", cut)
            logger.warning("%s set more cookies than a host may keep (%d cookies, %d bytes): "
                           "%d not stored", request.url, self.max_per_host, self.max_bytes_per_host, cut)

    def _has_room(self, jar: CookieJar, cookie: Cookie) -> bool:
        """Whether ``cookie`` fits its domain's share of the jar; replacing a
        cookie of the same name and path always does."""
        stored = jar.jar._cookies.get(cookie.domain, {})  # domain -> path -> name -> Cookie
        if cookie.name in stored.get(cookie.path, {}):
            return True
        kept = [c for by_name in stored.values() for c in by_name.values()]
        if self.max_per_host and len(kept) >= self.max_per_host:
            return False
        size = sum(_cookie_bytes(c) for c in kept) + _cookie_bytes(cookie)
        return not self.max_bytes_per_host or size <= self.max_bytes_per_host


def _cookie_bytes(cookie: Cookie) -> int:
    return len(cookie.name) + len(cookie.value or "")
