"""The ceiling on requests one run queues (NEWSCRAWL_MAX_QUEUED_REQUESTS):
distinct requests past it are dropped and counted, repeats and items pass."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.middlewares.budget import RequestBudgetMiddleware


def middleware(ceiling: int) -> RequestBudgetMiddleware:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_MAX_QUEUED_REQUESTS": ceiling})
    crawler.stats.open_spider()
    return RequestBudgetMiddleware.from_crawler(crawler)


def articles(*numbers: int) -> list[Request]:
    return [Request(f"https://www.example-news.at/politik/meldung-{n}") for n in numbers]


def passed(budget: RequestBudgetMiddleware, output: list) -> list:
    return list(budget.process_spider_output(None, output))


def test_requests_past_the_ceiling_are_dropped_and_counted():
    budget = middleware(3)
    kept = passed(budget, articles(1, 2, 3, 4, 5))
    assert [r.url[-1] for r in kept] == ["1", "2", "3"]
    assert budget.crawler.stats.get_value("newscrawl/queue/cut") == 2


def test_a_request_seen_before_does_not_use_the_budget():
    budget = middleware(2)
    passed(budget, articles(1, 2))
    assert len(passed(budget, articles(1, 2))) == 2  # the scheduler's dupefilter drops them
    assert passed(budget, articles(3)) == []


def test_items_are_never_cut():
    budget = middleware(1)
    item = {"url": "https://www.example-news.at/politik/meldung-1"}
    assert passed(budget, [*articles(1, 2), item])[-1] is item


def test_start_requests_count_against_the_same_budget():
    budget = middleware(1)

    async def start():
        for request in articles(1, 2):
            yield request

    async def started():
        return [request async for request in budget.process_start(start())]

    assert len(asyncio.run(started())) == 1
    assert passed(budget, articles(3)) == []


def test_a_ceiling_of_zero_switches_the_middleware_off():
    with pytest.raises(NotConfigured):
        middleware(0)
