"""Meta-refresh redirects are found from the head of the page, as Scrapy finds
them from the whole page."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.meta_refresh import HEAD_BYTES, HeadMetaRefreshMiddleware

URL = "https://www.example.at/story/1"
FILLER = "<p>" + "Ein Absatz mit Text über die Wirtschaft. " * 40 + "</p>"


def page(head: str, body_chars: int, charset: str = "utf-8", header: bool = True) -> HtmlResponse:
    body = f"<html><head>{head}</head><body>"
    while len(body) < body_chars:
        body += FILLER
    headers = {"Content-Type": f"text/html; charset={charset}"} if header else {}
    return HtmlResponse(URL, body=(body + "</body></html>").encode(charset), headers=headers)


def answers(middleware_class, response: HtmlResponse):
    middleware = middleware_class.from_crawler(get_crawler())
    outcome = middleware.process_response(Request(URL), response)
    return outcome.url if isinstance(outcome, Request) else outcome


REFRESH = '<meta http-equiv="refresh" content="0; url=/story/2">'


@pytest.mark.parametrize("response", [
    page(REFRESH, 200_000),  # a real page's size, the tag in the head
    page(REFRESH, 200_000, charset="utf-16"),  # two bytes a character
    page(REFRESH, 200_000, header=False),  # no declared charset
    page("", 200_000),  # no tag
    page("<title>x</title>" + "<!-- -->" * 600 + REFRESH, 200_000),  # past 4,096 characters
    page(REFRESH, 1_000),  # smaller than the head
])
def test_the_head_gives_what_the_whole_page_gives(response):
    mine, scrapys = answers(HeadMetaRefreshMiddleware, response), answers(MetaRefreshMiddleware, response)
    if isinstance(scrapys, str):
        assert mine == scrapys == "https://www.example.at/story/2"
    else:
        assert mine is response and scrapys is response
    assert len(response.body) > HEAD_BYTES or response.body.count(b"<p>") < 3


def test_the_crawl_uses_it_instead_of_scrapys():
    from newscrawl.runner import project_settings

    middlewares = project_settings().getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert middlewares["newscrawl.middlewares.meta_refresh.HeadMetaRefreshMiddleware"] == 580
