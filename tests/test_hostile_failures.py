"""Why a fetch failed, as the stable short name it is counted by
(``newscrawl/fetch/failed/<reason>``). The crawl-level counts of oversized,
slow and reset pages are checked in test_hostile.py."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost, DNSLookupError

from newscrawl.spiders.base import failure_reason


def http_error(status: int) -> HttpError:
    return HttpError(Response("http://news.test/a", status=status, request=Request("http://news.test/a")),
                     "Ignoring non-200 response")


@pytest.mark.parametrize(("exc", "reason"), [
    (http_error(503), "http_503"),
    (http_error(404), "http_404"),
    (IgnoreRequest("Forbidden by robots.txt"), "robots_txt"),
    (IgnoreRequest("Ignored response <200 http://x> because its body (405 B compressed, "
                   "16804512 B decompressed so far) exceeded DOWNLOAD_MAXSIZE (16777216 B) "
                   "during decompression."), "too_large"),
    (IgnoreRequest("max redirections reached"), "ignored"),
    (DownloadCancelledError(), "too_large"),
    (DownloadTimeoutError("took longer than 30.0 seconds"), "timeout"),
    (ConnectionLost(), "connection_lost"),
    (DNSLookupError(), "dns_error"),
])
def test_a_failure_is_counted_by_a_stable_short_name(exc, reason):
    assert failure_reason(exc) == reason


def test_an_unknown_failure_is_counted_by_its_type_name():
    assert failure_reason(KeyError("x")) == "KeyError"
