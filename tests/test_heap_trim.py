"""The crawl process hands the heap memory its pages freed back to the system
every NEWSCRAWL_HEAP_TRIM_ITEMS pages that left the pipelines (glibc's
malloc_trim), and counts the calls and their CPU."""

from __future__ import annotations

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from newscrawl.ops.heap import HeapTrim, find_malloc_trim

pytestmark = pytest.mark.skipif(find_malloc_trim() is None, reason="glibc only")


def pages_done(every: int, stored: int, dropped: int) -> dict:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_HEAP_TRIM_ITEMS": every})
    crawler.stats.open_spider()
    extension = HeapTrim.from_crawler(crawler)  # signals hold it weakly, as Scrapy's extensions
    item = {"url": "https://www.example-news.at/politik/artikel-1"}
    for _ in range(stored):
        crawler.signals.send_catch_log(signals.item_scraped, item=item, response=None, spider=None)
    for _ in range(dropped):
        crawler.signals.send_catch_log(signals.item_dropped, item=item, response=None,
                                       exception=Exception("too_short"), spider=None)
    assert extension.every == every
    return crawler.stats.get_stats()


def test_the_heap_is_trimmed_every_n_pages_stored_or_dropped():
    stats = pages_done(every=10, stored=17, dropped=8)
    assert stats["newscrawl/memory/heap_trims"] == 2
    assert stats["newscrawl/memory/heap_trim_ms"] >= 0


def test_fewer_pages_than_n_trim_nothing():
    assert "newscrawl/memory/heap_trims" not in pages_done(every=100, stored=99, dropped=0)


def test_zero_turns_the_trimming_off():
    assert "newscrawl/memory/heap_trims" not in pages_done(every=0, stored=500, dropped=0)
