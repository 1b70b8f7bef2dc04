"""Extraction stage: trafilatura plus page metadata (see :mod:`newscrawl.extraction`),
run in a pool of worker processes.

Extraction is the largest cost of a crawl (milliseconds of CPU per page,
tens on heavy pages) and, run inline, it blocks Scrapy's reactor: no download progresses
while a page is parsed. So ``process_item`` hands the page to a
``ProcessPoolExecutor`` and awaits the result; downloads and the other stages
go on meanwhile. At most ``NEWSCRAWL_EXTRACT_MAX_PENDING`` pages wait for or
sit in the pool, which keeps memory flat however fast pages arrive (Scrapy
then stops feeding the pipeline). The later stages (validate, dates,
agencies) are cheap and run inline on the result.

Settings: ``NEWSCRAWL_EXTRACT_WORKERS`` (None: one per CPU core; 0: inline,
in the crawl process), ``NEWSCRAWL_EXTRACT_MAX_PENDING``,
``NEWSCRAWL_EXTRACT_TIME_LIMIT`` (a page that takes longer is dropped as
``extract_timeout``; workers only), ``NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB``
(the workers are replaced when one's own memory passes it; the deprecated
``NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB`` is read as it). The crawlers of one
process share one pool (:mod:`newscrawl.pipelines.extract_pool`).

Stats: ``newscrawl/extracted``, ``newscrawl/dropped/<reason>`` (reasons of
:class:`~newscrawl.extraction.NotAnArticle`, plus ``extract_error`` for a
bug in extraction and ``worker_crashed`` for a page that kills its worker
again when tried alone), ``newscrawl/extract/worker_crashed`` (pool restarts),
``newscrawl/extract/worker_peak_rss_mb``, ``newscrawl/extract/worker_peak_private_mb``,
``newscrawl/extract/workers_recycled`` (times the workers were replaced) and
``newscrawl/extract/workers_recycled/<why>`` (``private_memory``, or
``rss_growth`` where a worker's own memory is unknown).

With ``NEWSCRAWL_DEDUPE`` on, the workers also make the MinHash signature of
the text as the agencies stage will leave it (``_signature``, see
:mod:`newscrawl.pipelines.extract_worker`): they get what that stage reads
besides the extracted fields (:meth:`ExtractPipeline.credit_context`).
"""

from __future__ import annotations

import logging
import os
import warnings

from scrapy.exceptions import ScrapyDeprecationWarning

from newscrawl.extraction import ExtractionOptions
from newscrawl.pipelines import extract_worker
from newscrawl.pipelines.base import StagePipeline
from newscrawl.pipelines.dedupe import cluster_params
from newscrawl.pipelines.extract_pool import ExtractionPool
from newscrawl.stages import Dropped

logger = logging.getLogger(__name__)


class ExtractPipeline(StagePipeline):
    stage = "extract"

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.options = ExtractionOptions()
        workers = crawler.settings.get("NEWSCRAWL_EXTRACT_WORKERS")
        self.workers = (os.cpu_count() or 1) if workers in (None, "") else int(workers)
        self.time_limit = crawler.settings.getfloat("NEWSCRAWL_EXTRACT_TIME_LIMIT") or None
        pending = crawler.settings.getint("NEWSCRAWL_EXTRACT_MAX_PENDING")
        self.max_pending = pending if pending > 0 else 2 * max(1, self.workers)
        self.max_private_mb = worker_memory_limit(crawler.settings)
        self.pool: ExtractionPool | None = None
        # the workers sign the text for the near-duplicate stage when it is on
        dedupe = crawler.settings.getbool("NEWSCRAWL_DEDUPE")
        self.cluster_params = cluster_params(crawler.settings) if dedupe else None
        self.registry_path = crawler.settings.get("NEWSCRAWL_AGENCY_REGISTRY") or None
        self.strip_dateline = crawler.settings.getbool("NEWSCRAWL_STRIP_DATELINE")

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = ExtractionPool.acquire(self.workers, self.max_pending, self.max_private_mb)

    async def process_item(self, item):
        if "_page" not in item:  # already extracted (e.g. replayed records)
            return item
        page = item["_page"]
        if page.get("not_html"):  # refused by the spider for its Content-Type
            raise self.drop(item, Dropped("not_html", f"served as {page['not_html']}"))
        args = (item["url"], page["body"], page.get("declared_encoding"), self.options)
        credits = self.credit_context(item) if self.cluster_params is not None else None
        if self.pool is None:  # inline: no timer signal in the crawl process
            outcome = extract_worker.extract_page(*args, None, self.cluster_params, credits)
        else:
            outcome = await self.pool.run(*args, self.time_limit, self.cluster_params, credits,
                                          on_crash=self._count_crash)
        self.stats.max_value("newscrawl/extract/worker_peak_rss_mb", outcome.peak_rss_kb // 1024)
        if outcome.private_kb is not None and self.pool is not None:
            self.stats.max_value("newscrawl/extract/worker_peak_private_mb", outcome.private_kb // 1024)
        if self.pool is not None and self.pool.recycled:
            self.stats.set_value("newscrawl/extract/workers_recycled", self.pool.recycled)
            for reason, times in self.pool.recycled_by.items():
                self.stats.set_value(f"newscrawl/extract/workers_recycled/{reason}", times)
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

    def credit_context(self, item) -> extract_worker.CreditContext:
        """What the agencies stage (``AgenciesPipeline``) will read besides the
        extracted fields, for the worker to sign the text as it leaves it."""
        source = self.source_of(item)
        return extract_worker.CreditContext(
            registry_path=self.registry_path, strip_dateline=self.strip_dateline,
            default_agency=source.default_agency, language=source.language,
            hints=item["_page"].get("hints"),
        )

    def _count_crash(self) -> None:
        self.stats.inc_value("newscrawl/extract/worker_crashed")

    async def close_spider(self) -> None:
        if self.pool is not None:
            pool, self.pool = self.pool, None
            await pool.release()


def worker_memory_limit(settings) -> float:
    """``NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB``, or the deprecated
    ``NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB`` (a limit on a worker's RSS
    growth, which cannot see what a fork owns) when only that one is set: its
    value is taken as the limit on the worker's own memory, with a warning."""
    limit = settings.getfloat("NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB")
    old = settings.get("NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB")
    if old in (None, ""):
        return limit
    warnings.warn("NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB is deprecated: set "
                  "NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB (a limit on a worker's own memory)",
                  ScrapyDeprecationWarning, stacklevel=2)
    if settings.getpriority("NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB") > settings.getpriority(
            "NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB"):
        return limit
    return settings.getfloat("NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB")
