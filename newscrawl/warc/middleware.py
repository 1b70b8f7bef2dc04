"""``NEWSCRAWL_WARC_DIR``: every page a crawl fetches, written to rotating WARC files.

For operators who archive everything (not only what the pipelines keep as
articles): each response that reaches this downloader middleware - after
Scrapy undid its content coding (``HttpCompressionMiddleware``, 590), before
redirects are followed further out - becomes a ``request``/``response`` pair
in ``<dir>/newscrawl-<start>-<pid>-<serial>.warc.gz``. A file is written under
``.open`` and renamed when complete, with its CDXJ index beside it, once it
passes ``NEWSCRAWL_WARC_ROTATE_BYTES`` and when the crawl closes. A write
that fails (disk full) is counted and logged; the crawl goes on.

Stats: ``newscrawl/warc/records``, ``.../bytes``, ``.../files``, ``.../write_failed``.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from newscrawl.warc.cdxj import write_index
from newscrawl.warc.write import CaptureWarcWriter, HttpCapture, index_path, open_output

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"


def _pairs(headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]


class WarcArchiveMiddleware:
    """Downloader middleware writing each fetched response to a WARC file."""

    def __init__(self, crawler, directory: Path, rotate_bytes: int) -> None:
        self.stats = crawler.stats
        self.directory = directory
        self.rotate_bytes = rotate_bytes  # 0: one file per crawl
        self.prefix = f"newscrawl-{datetime.now(UTC):%Y%m%d%H%M%S}-{os.getpid()}"
        self.serial = 0
        self.out: IO[bytes] | None = None
        self.path: Path | None = None
        self.writer: CaptureWarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        directory = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not directory:
            raise NotConfigured("NEWSCRAWL_WARC_DIR is not set")
        middleware = cls(crawler, Path(directory),
                         crawler.settings.getint("NEWSCRAWL_WARC_ROTATE_BYTES"))
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        capture = HttpCapture(
            response.url, datetime.now(UTC), response.status, response.body,
            headers=_pairs(response.headers), request_headers=_pairs(request.headers),
            method=request.method)
        try:
            writer = self._writer()
            written = writer.write(capture)
        except OSError as exc:
            self.stats.inc_value("newscrawl/warc/write_failed")
            logger.error("cannot write %s to a WARC file in %s: %s", response.url,
                         self.directory, exc)
            return response
        self.stats.inc_value("newscrawl/warc/records")
        self.stats.inc_value("newscrawl/warc/bytes", written)
        if self.rotate_bytes > 0 and self.out is not None and self.out.tell() >= self.rotate_bytes:
            self._finish()
        return response

    def _writer(self) -> CaptureWarcWriter:
        if self.writer is None:
            self.serial += 1
            name = f"{self.prefix}-{self.serial:05d}.warc.gz"
            self.path = self.directory / name
            self.out = open_output(self.path.with_name(name + OPEN_SUFFIX))
            self.writer = CaptureWarcWriter(self.out, name)
        return self.writer

    def _finish(self) -> None:
        """Close the current file, name it as complete and index it."""
        if self.writer is None or self.out is None or self.path is None:
            return
        writer, out, path = self.writer, self.out, self.path
        self.writer = self.out = self.path = None
        out.close()
        path.with_name(path.name + OPEN_SUFFIX).replace(path)
        write_index(writer.entries, index_path(path))
        self.stats.inc_value("newscrawl/warc/files")

    def close(self, spider=None) -> None:
        try:
            self._finish()
        except OSError as exc:
            self.stats.inc_value("newscrawl/warc/write_failed")
            logger.error("cannot finish the WARC file in %s: %s", self.directory, exc)
