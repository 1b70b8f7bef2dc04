"""Meta-refresh redirects, found without decoding the whole page.

Scrapy's ``MetaRefreshMiddleware`` looks for ``<meta http-equiv="refresh">``
in the first 4,096 characters of ``response.text``, but ``response.text``
decodes the whole body first: on real news pages (median 92 KB, up to
1.6 MB) that was 7% of the crawl process's CPU, about 0.35 ms a page
(bench/throughput.py, py-spy), for text nothing else in the crawl reads (the
extraction workers decode the raw bytes themselves).

:class:`HeadMetaRefreshMiddleware` hands Scrapy's middleware a copy of the
response holding only the first ``HEAD_BYTES`` of the body (4,096 characters
take at most 16 KiB in any encoding) with the encoding of the whole response,
so it finds the same tags and answers the same: the same redirect request, or
the original response. Settings and stats are Scrapy's (``METAREFRESH_*``,
``REDIRECT_*``).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

#: Bytes of the body that hold the 4,096 characters Scrapy reads, whatever the
#: encoding (UTF-8 and UTF-16 take at most four bytes a character).
HEAD_BYTES = 4 * 4096


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh middleware on the head of the page only."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not isinstance(response, HtmlResponse) or len(response.body) <= HEAD_BYTES:
            return super().process_response(request, response)
        head = response.replace(body=response.body[:HEAD_BYTES], encoding=response.encoding)
        outcome = super().process_response(request, head)
        return response if outcome is head else outcome
