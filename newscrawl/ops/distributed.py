"""Several crawler processes, one crawl: scrapy-redis's shared scheduler,
keyed for newscrawl. Used by the ``newscrawl.settings.distributed`` profile.

scrapy-redis keys its queue and dupefilter by spider name only
(``feeds:requests``). Here one spider name serves every source, and an hourly
crawl must fetch the same feed URL again next hour, so the keys name the
distributed run, the source and the spider:
``newscrawl:<run>:<source>:<spider>:requests`` and ``...:dupefilter``.
Every process of one run must agree on ``<run>``: ``NEWSCRAWL_DISTRIBUTED_RUN``
(the environment variable of the same name wins); by default the UTC hour,
so processes started by the same hourly timer on N machines meet. The keys
persist while processes come and go (``SCHEDULER_PERSIST``: the first process
to finish must not flush the others' queue) and expire
``NEWSCRAWL_DISTRIBUTED_KEY_TTL`` seconds after a process closes.

A process whose share of the queue is empty does not close at once: another
process may be parsing a feed and about to push the article requests.
:class:`SharedQueueGrace` keeps it open ``NEWSCRAWL_DISTRIBUTED_IDLE_SECONDS``
after its last activity (Scrapy looks at the scheduler again every 5 s when
idle).
"""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter  # type: ignore[import-untyped]
from scrapy_redis.scheduler import Scheduler  # type: ignore[import-untyped]


def distributed_run(settings: Any, now: datetime | None = None) -> str:
    """The id all processes of one distributed run share."""
    explicit = os.environ.get("NEWSCRAWL_DISTRIBUTED_RUN") or settings.get("NEWSCRAWL_DISTRIBUTED_RUN")
    return str(explicit) if explicit else f"{(now or datetime.now(UTC)):%Y%m%d%H}"


def key_prefix(run: str, source: str | None, spider: str) -> str:
    """Redis key prefix of a run's source and spider (``%`` and spaces out:
    scrapy-redis %-formats the queue key)."""
    parts = [run, source or "-", spider]
    return "newscrawl:" + ":".join(re.sub(r"[^A-Za-z0-9_.-]", "_", p) for p in parts)


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler with per-run, per-source keys that expire."""

    run = ""
    key_ttl = 0

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.run = distributed_run(crawler.settings)
        scheduler.key_ttl = crawler.settings.getint("NEWSCRAWL_DISTRIBUTED_KEY_TTL")
        scheduler.debug = crawler.settings.getbool("DUPEFILTER_DEBUG")
        return scheduler

    def open(self, spider):
        prefix = key_prefix(self.run, getattr(spider, "source_name", None), spider.name)
        self.queue_key = f"{prefix}:requests"
        self.dupefilter_key = f"{prefix}:dupefilter"
        # scrapy-redis's RFPDupeFilter.from_spider would key by spider name alone.
        self.df = RFPDupeFilter(self.server, key=self.dupefilter_key, debug=self.debug)
        return super().open(spider)

    # scrapy-redis 0.9.1 passes ``spider=`` to ``stats.inc_value``, which
    # Scrapy 2.19 deprecates (and a later Scrapy removes): count without it.
    def enqueue_request(self, request):
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason):
        super().close(reason)
        if self.key_ttl > 0:
            for key in (self.queue.key, self.df.key):
                self.server.expire(key, self.key_ttl)


class SharedQueueGrace:
    """Keeps an idle spider open while other processes may still feed the
    shared queue: until ``NEWSCRAWL_DISTRIBUTED_IDLE_SECONDS`` have passed
    since this process last scheduled a request or received a response."""

    def __init__(self, crawler, grace: float) -> None:
        self.crawler = crawler
        self.grace = grace
        self.last_activity = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler) -> SharedQueueGrace:
        grace = crawler.settings.getfloat("NEWSCRAWL_DISTRIBUTED_IDLE_SECONDS")
        if grace <= 0:
            raise NotConfigured("NEWSCRAWL_DISTRIBUTED_IDLE_SECONDS is 0")
        extension = cls(crawler, grace)
        for signal in (signals.spider_opened, signals.request_scheduled, signals.response_received):
            crawler.signals.connect(extension.active, signal=signal)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        return extension

    def active(self, *args: Any, **kwargs: Any) -> None:
        self.last_activity = time.monotonic()

    def spider_idle(self, spider) -> None:
        if time.monotonic() - self.last_activity < self.grace:
            self.crawler.stats.inc_value("newscrawl/distributed/idle_waits")
            raise DontCloseSpider
