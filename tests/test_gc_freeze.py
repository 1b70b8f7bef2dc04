"""The crawl process's garbage collector leaves the objects of start-up alone
while its spiders run (newscrawl/ops/collector.py)."""

import gc

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newscrawl.ops.collector import CRAWL_GC_THRESHOLDS, FrozenStartupObjects


@pytest.fixture
def collector_state():
    """The test process's collector as it was, whatever a test leaves."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    FrozenStartupObjects._open = 0


def opened_extension() -> tuple[FrozenStartupObjects, Spider]:
    crawler = get_crawler(Spider)
    crawler.stats.open_spider()
    extension = FrozenStartupObjects.from_crawler(crawler)
    spider = Spider("news")
    extension.spider_opened(spider)
    return extension, spider


def test_while_a_spider_runs_the_objects_of_start_up_are_frozen(collector_state):
    before = gc.get_threshold()
    extension, spider = opened_extension()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == CRAWL_GC_THRESHOLDS
    assert extension.stats.get_value("newscrawl/gc/frozen_objects") == gc.get_freeze_count()
    extension.spider_closed(spider)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_the_objects_stay_frozen_until_the_last_spider_of_the_process_closes(collector_state):
    first, first_spider = opened_extension()
    second, second_spider = opened_extension()
    first.spider_closed(first_spider)
    assert gc.get_freeze_count() > 0
    second.spider_closed(second_spider)
    assert gc.get_freeze_count() == 0


def test_the_last_spider_to_close_restores_the_thresholds_of_before_the_first(collector_state):
    before = gc.get_threshold()
    first, first_spider = opened_extension()
    second, second_spider = opened_extension()  # made while the first one runs
    first.spider_closed(first_spider)
    second.spider_closed(second_spider)
    assert gc.get_threshold() == before


def test_cyclic_garbage_of_a_page_is_still_collected_while_frozen(collector_state):
    extension, spider = opened_extension()
    collected = []

    class Page:
        def __del__(self):
            collected.append(True)

    page = Page()
    page.self = page  # a cycle: only the collector frees it
    del page
    gc.collect()
    assert collected == [True]
    extension.spider_closed(spider)
