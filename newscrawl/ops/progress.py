"""A live progress line for a person watching a crawl on a terminal.

``pages 120 · items 98 · drops 12 · errors 3 · 4.2 pages/s · 0:32``, redrawn
every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds on stderr. ``NEWSCRAWL_PROGRESS``:
``auto`` (default) shows it when stderr is a terminal and the log goes to a
file (``newscrawl crawl`` does that), so log lines never tear the line;
``on`` / ``off`` force it. Under cron stderr is no terminal: Scrapy's usual log.

``newscrawl crawl`` runs one crawler per source and spider in one process,
and one terminal takes one line: the extension of every crawler adds its
stats to one :class:`ProgressBoard` per process, which draws their sum. The
sum is over the whole run: a crawler that finishes keeps its final counts in
the line, so no number on it ever goes down (the sources of a run end at
different times).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import Any, ClassVar, TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawl.ops import crawlstats


def progress_text(stats_list: list[Mapping[str, Any]], elapsed: float,
                  error_statuses: tuple[str, ...] = crawlstats.DEFAULT_ERROR_STATUSES) -> str:
    """The line for the summed stats of the running crawlers (pure)."""
    def sum_of(fn) -> int:
        return sum(fn(s) for s in stats_list)

    pages = sum_of(lambda s: sum(crawlstats.number(s, key) for key in crawlstats.FETCHED_KEYS))
    items = sum_of(crawlstats.stored) or sum_of(lambda s: crawlstats.number(s, "item_scraped_count"))
    drops = sum_of(lambda s: crawlstats.number(s, "item_dropped_count"))
    errors = sum_of(lambda s: crawlstats.fetch_errors(s, error_statuses))
    rate = pages / elapsed if elapsed > 0 else 0.0
    minutes, seconds = divmod(int(elapsed), 60)
    return (f"pages {pages} · items {items} · drops {drops} · errors {errors} · "
            f"{rate:.1f} pages/s · {minutes}:{seconds:02d}")


class ProgressBoard:
    """One line on one stream for all crawlers of the process."""

    def __init__(self, stream: TextIO, interval: float) -> None:
        self.stream = stream
        self.interval = interval
        self.crawlers: list[Any] = []
        #: Final stats of the crawlers of this line that have finished.
        self.finished: list[Mapping[str, Any]] = []
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.width = 0

    def add(self, crawler) -> None:
        self.crawlers.append(crawler)
        if self.loop is None:  # a new line: a new run
            self.started = time.monotonic()
            self.finished = []
            self.loop = task.LoopingCall(self.draw)
            self.loop.start(self.interval, now=True)

    def remove(self, crawler) -> None:
        if crawler in self.crawlers:
            self.crawlers.remove(crawler)
            if crawler.stats is not None:
                self.finished.append(dict(crawler.stats.get_stats()))
            self.draw()
        if not self.crawlers and self.loop is not None:
            if self.loop.running:
                self.loop.stop()
            self.loop = None
            self.stream.write("\n")
            self.stream.flush()

    def draw(self) -> None:
        running = [c.stats.get_stats() for c in self.crawlers if c.stats is not None]
        stats = [*self.finished, *running]
        text = progress_text(stats, time.monotonic() - self.started)
        # \r and padding: redraw in place, wiping a longer previous line.
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)


class ProgressLine:
    """The extension: registers its crawler with the process's board."""

    #: One board per process and stream: a terminal has one cursor, whatever
    #: the number of crawlers.
    boards: ClassVar[dict[int, ProgressBoard]] = {}

    def __init__(self, crawler, board: ProgressBoard) -> None:
        self.crawler = crawler
        self.board = board

    @classmethod
    def from_crawler(cls, crawler, stream: TextIO | None = None) -> ProgressLine:
        stream = stream or sys.stderr
        if not wanted(crawler.settings, stream):
            raise NotConfigured  # no message: Scrapy would log it as a warning
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        board = cls.boards.setdefault(id(stream), ProgressBoard(stream, interval))
        extension = cls(crawler, board)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        self.board.add(self.crawler)

    def spider_closed(self, spider, reason: str) -> None:
        self.board.remove(self.crawler)


def wanted(settings: Any, stream: TextIO) -> bool:
    mode = str(settings.get("NEWSCRAWL_PROGRESS") or "auto").lower()
    if mode in ("off", "false", "0", "no"):
        return False
    if mode in ("on", "true", "1", "yes"):
        return True
    return stream.isatty() and bool(settings.get("LOG_FILE")) and settings.getbool("LOG_ENABLED", True)
