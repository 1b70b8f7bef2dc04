"""The crawl process hands the heap memory its pages freed back to the system.

A crawl process allocates and frees a few hundred KB a page (the response
body, the item with its raw page until the store batch is written, BSON of
the batch) from several threads (the reactor, the store's writer, pymongo's,
the extraction pool's manager). glibc's ``malloc`` keeps what is freed for
reuse, in one arena per thread that allocated, and hands it back to the
system only from the top of each heap: the crawl process's RSS grew over a
run while the memory Python had allocated stayed flat (tracemalloc, 1,000
real pages: 45 → 44 MB traced, 225 → 275 MB RSS; docs/throughput.md, "The
crawl process over a long feed").

:class:`HeapTrim` calls glibc's ``malloc_trim(0)`` every
``NEWSCRAWL_HEAP_TRIM_ITEMS`` pages that left the pipelines (stored or
dropped), which releases the free pages inside every arena, as the
extraction workers do after each page (:mod:`newscrawl.pipelines.extract_worker`).
Not glibc (macOS, musl): nothing to call, the extension does nothing.
Stats: ``newscrawl/memory/heap_trims`` and ``newscrawl/memory/heap_trim_ms``
(CPU the calls took).

No Scrapy import at module level: the extraction workers import
:func:`find_malloc_trim` from here.
"""

from __future__ import annotations

import ctypes
import sys
import time
from typing import Any


def find_malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None (not Linux, or another C library)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # another C library
        return None


class HeapTrim:
    """Trims the heap every ``every`` pages done (see the module documentation)."""

    def __init__(self, crawler, every: int) -> None:
        self.stats = crawler.stats
        self.every = every
        self.trim = find_malloc_trim()
        self.done = 0

    @classmethod
    def from_crawler(cls, crawler) -> HeapTrim:
        from scrapy import signals

        extension = cls(crawler, crawler.settings.getint("NEWSCRAWL_HEAP_TRIM_ITEMS"))
        if extension.trim is not None and extension.every > 0:
            crawler.signals.connect(extension.page_done, signal=signals.item_scraped)
            crawler.signals.connect(extension.page_done, signal=signals.item_dropped)
        return extension

    def page_done(self) -> None:
        self.done += 1
        if self.done % self.every:
            return
        started = time.process_time()
        self.trim(0)
        self.stats.inc_value("newscrawl/memory/heap_trims")
        self.stats.inc_value("newscrawl/memory/heap_trim_ms",
                             round((time.process_time() - started) * 1000))
