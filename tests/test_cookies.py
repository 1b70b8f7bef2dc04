"""The cookie jar: public suffixes from the bundled list (no download, the
network guard would fail the test), and each cookie domain's capped share."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.cookies import BoundedCookiesMiddleware, is_public_suffix
from newscrawl.settings import defaults

URL = "https://www.example-news.at/politik/"


def middleware(**settings) -> BoundedCookiesMiddleware:
    crawler = get_crawler(settings_dict={
        "NEWSCRAWL_COOKIES_MAX_PER_HOST": defaults.NEWSCRAWL_COOKIES_MAX_PER_HOST,
        "NEWSCRAWL_COOKIES_MAX_BYTES_PER_HOST": defaults.NEWSCRAWL_COOKIES_MAX_BYTES_PER_HOST,
        **settings})
    crawler.stats.open_spider()
    return BoundedCookiesMiddleware.from_crawler(crawler)


def set_cookies(mw: BoundedCookiesMiddleware, *cookies: str, url: str = URL) -> None:
    request = Request(url)
    mw.process_response(request, Response(url, headers={"Set-Cookie": list(cookies)}, request=request))


def sent(mw: BoundedCookiesMiddleware, url: str = URL) -> str:
    request = Request(url)
    mw.process_request(request)
    return request.headers.get("Cookie", b"").decode()


def test_public_suffixes_come_from_the_bundled_list():
    assert is_public_suffix("co.uk") and is_public_suffix("github.io")
    assert not is_public_suffix("example-news.co.uk")


def test_a_cookie_for_a_public_suffix_is_not_stored_for_other_sites():
    mw = middleware()
    set_cookies(mw, "tracker=1; Domain=co.uk; Path=/", url="https://www.example-news.co.uk/")
    assert sent(mw, "https://www.other-paper.co.uk/") == ""


def test_a_host_keeps_at_most_its_share_of_cookies():
    mw = middleware(NEWSCRAWL_COOKIES_MAX_PER_HOST=3)
    set_cookies(mw, *(f"c{n}=v; Path=/" for n in range(10)))
    assert sent(mw) == "c0=v; c1=v; c2=v"
    assert mw.crawler.stats.get_value("newscrawl/cookies/cut") == 7


def test_a_host_keeps_at_most_its_share_of_bytes():
    mw = middleware(NEWSCRAWL_COOKIES_MAX_BYTES_PER_HOST=100)
    set_cookies(mw, "consent=" + "a" * 60 + "; Path=/", "ads=" + "b" * 60 + "; Path=/")
    assert sent(mw).startswith("consent=") and "ads=" not in sent(mw)


def test_a_stored_cookie_can_still_be_replaced_when_the_share_is_full():
    mw = middleware(NEWSCRAWL_COOKIES_MAX_PER_HOST=2)
    set_cookies(mw, "session=old; Path=/", "consent=yes; Path=/")
    set_cookies(mw, "session=new; Path=/")
    assert sent(mw) == "session=new; consent=yes"
