"""Extraction stage: trafilatura plus page metadata (see :mod:`newscrawl.extraction`),
run in a pool of worker processes.

Extraction is the dominant cost of a crawl (tens of milliseconds of CPU per
page) and, run inline, it blocks Scrapy's reactor: no download progresses
while a page is parsed. So ``process_item`` hands the page to a
``ProcessPoolExecutor`` and awaits the result; downloads and the other stages
go on meanwhile. At most ``NEWSCRAWL_EXTRACT_MAX_PENDING`` pages wait for or
sit in the pool, which keeps memory flat however fast pages arrive (Scrapy
then stops feeding the pipeline). The later stages (validate, dates,
agencies) are cheap and run inline on the result.

Settings: ``NEWSCRAWL_EXTRACT_WORKERS`` (None: one per CPU core; 0: inline,
in the crawl process), ``NEWSCRAWL_EXTRACT_MAX_PENDING``.

Stats: ``newscrawl/extracted``, ``newscrawl/dropped/<reason>`` (reasons of
:class:`~newscrawl.extraction.NotAnArticle`, plus ``extract_error`` for a
bug in extraction and ``worker_crashed`` for a page that kills its worker
again when tried alone), ``newscrawl/extract/worker_crashed`` (pool restarts),
``newscrawl/extract/worker_peak_rss_mb``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newscrawl.extraction import ExtractionOptions
from newscrawl.pipelines.base import StagePipeline
from newscrawl.pipelines.extract_worker import Outcome, extract_page
from newscrawl.stages import Dropped

logger = logging.getLogger(__name__)


class ExtractPipeline(StagePipeline):
    stage = "extract"

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.options = ExtractionOptions()
        workers = crawler.settings.get("NEWSCRAWL_EXTRACT_WORKERS")
        self.workers = (os.cpu_count() or 1) if workers in (None, "") else int(workers)
        pending = crawler.settings.getint("NEWSCRAWL_EXTRACT_MAX_PENDING")
        self.max_pending = pending if pending > 0 else 2 * max(1, self.workers)
        self.slots = asyncio.Semaphore(self.max_pending)
        self.isolation = asyncio.Lock()
        self.pool: ProcessPoolExecutor | None = None

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = self._new_pool()

    def _new_pool(self, workers: int | None = None) -> ProcessPoolExecutor:
        # "spawn", not fork: the crawl process runs pymongo and reactor threads,
        # and a forked copy of a process with threads can deadlock.
        return ProcessPoolExecutor(workers or self.workers,
                                   mp_context=multiprocessing.get_context("spawn"))

    async def process_item(self, item):
        if "_page" not in item:  # already extracted (e.g. replayed records)
            return item
        page = item["_page"]
        args = (item["url"], page["body"], page.get("declared_encoding"), self.options)
        outcome = await self.run(*args) if self.pool else extract_page(*args)
        self.stats.max_value("newscrawl/extract/worker_peak_rss_mb", outcome.peak_rss_kb // 1024)
        if outcome.status == "dropped":
            raise self.drop(item, Dropped(*outcome.value)) from None
        if outcome.status == "error":
            logger.error("extraction failed on %s:\n%s", item["url"], outcome.value)
            last_line = outcome.value.strip().rsplit("\n", 1)[-1][:200]
            raise self.drop(item, Dropped("extract_error", last_line)) from None
        item.update(outcome.value)
        self.stats.inc_value("newscrawl/extracted")
        if not item.get("language"):
            item["language"] = self.source_of(item).language
        return item

    async def run(self, *args) -> Outcome:
        """Extract one page in the pool. When a worker dies (a crash in lxml,
        the kernel's OOM killer), every page in flight fails with it; each is
        then tried once more alone in a fresh process, so only the page that
        kills its worker again is dropped (``worker_crashed``)."""
        loop = asyncio.get_running_loop()
        async with self.slots:
            pool = self.pool
            try:
                return await loop.run_in_executor(pool, extract_page, *args)
            except BrokenProcessPool:
                self._replace_broken(pool)
        async with self.isolation:  # one page at a time, one extra process at most
            alone = self._new_pool(workers=1)
            try:
                return await loop.run_in_executor(alone, extract_page, *args)
            except BrokenProcessPool:
                return Outcome("dropped", ("worker_crashed", "the page kills its worker"), 0)
            finally:
                alone.shutdown(wait=False)

    def _replace_broken(self, pool: ProcessPoolExecutor | None) -> None:
        if pool is not self.pool or pool is None:  # another page already replaced it
            return
        self.stats.inc_value("newscrawl/extract/worker_crashed")
        logger.error("an extraction worker died; starting a new pool")
        pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    async def close_spider(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            await asyncio.to_thread(pool.shutdown, wait=True)
