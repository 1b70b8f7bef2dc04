"""The process pool that runs extraction, shared by every crawler of a process.

``newscrawl crawl --all`` runs every spider of every source in one process,
each crawler with its own item pipelines. A pool per crawler would start
cores × crawlers worker processes (each holding trafilatura, ~150 MB); the
workers compete for the same cores anyway. So the pipelines of one process
share one pool per worker count, and one bound on the pages in flight; the
pool stops when its last user closes.

No Scrapy imports: the pool is plain ``concurrent.futures`` and ``asyncio``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ClassVar

from newscrawl.pipelines import extract_worker
from newscrawl.pipelines.extract_worker import Outcome

logger = logging.getLogger(__name__)


#: What the fork server imports before it forks a worker (it warms extraction).
PRELOAD = ["newscrawl.pipelines.extract_preload"]
#: Seconds new pages wait at most for replaced workers to finish theirs before
#: the fresh workers start (a real page takes 0.05 s, the largest ~2 s).
REPLACE_WAIT = 5.0


def new_executor(workers: int) -> ProcessPoolExecutor:
    """``workers`` processes forked from the fork server.

    Not "fork": the crawl process runs pymongo and reactor threads, and a
    forked copy of a process with threads can deadlock. "forkserver" forks
    from a separate single-threaded server process, started once per crawl
    process, that has imported and warmed extraction (``PRELOAD``): the
    workers share its ~200 MB copy-on-write where "spawn" made each load its
    own, and a new worker is a fork (milliseconds), not a start-up of
    Python and every library (seconds of CPU). The workers end with this
    process, even when it is killed (``extract_worker.prepare_worker``)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(workers, mp_context=context,
                               initializer=extract_worker.prepare_worker, initargs=(os.getpid(),))


class ExtractionPool:
    """``workers`` extraction processes and at most ``max_pending`` pages in them."""

    _shared: ClassVar[dict[int, ExtractionPool]] = {}

    def __init__(self, workers: int, max_pending: int, max_private_mb: float = 0) -> None:
        self.workers = workers
        self.max_pending = max_pending
        self.max_private_kb = max_private_mb * 1024
        #: times the workers were replaced, by why: ``private_memory`` (a worker's
        #: own memory passed ``max_private_mb``) or ``rss_growth`` (the same limit
        #: on its RSS growth, where its own memory is unknown)
        self.recycled_by: dict[str, int] = {}
        self.executor = new_executor(workers)
        self.slots = asyncio.Semaphore(max_pending)
        #: set while the workers are being replaced: new pages wait for the fresh ones
        self.replacing: asyncio.Event | None = None
        self.isolation = asyncio.Lock()
        self.users = 0

    @classmethod
    def acquire(cls, workers: int, max_pending: int, max_private_mb: float = 0) -> ExtractionPool:
        """The process's pool of ``workers`` processes (started when first used).
        ``max_pending`` and ``max_private_mb`` of the first user hold for all."""
        pool = cls._shared.get(workers)
        if pool is None:
            pool = cls._shared[workers] = cls(workers, max_pending, max_private_mb)
        pool.users += 1
        return pool

    async def release(self) -> None:
        """One user less; the last one stops the worker processes."""
        self.users -= 1
        if self.users > 0:
            return
        if self._shared.get(self.workers) is self:
            del self._shared[self.workers]
        await asyncio.to_thread(self.executor.shutdown, wait=True)

    async def run(self, *args: Any, on_crash: Callable[[], None] = lambda: None) -> Outcome:
        """Extract one page (arguments of :func:`extract_worker.extract_page`).

        When a worker dies (a crash in lxml, the kernel's OOM killer), every
        page in flight fails with it; the pool is replaced (``on_crash`` is
        called once per dead pool) and each of those pages is tried once more
        alone in a fresh process, so only the page that kills its worker again
        is dropped (``worker_crashed``).
        """
        loop = asyncio.get_running_loop()
        async with self.slots:
            while self.replacing is not None:
                await self.replacing.wait()
            executor = self.executor
            try:
                outcome = await loop.run_in_executor(executor, extract_worker.extract_page, *args)
                reason = self.too_large(outcome)
                if reason is not None:
                    await self._recycle(executor, reason)
                return outcome
            except BrokenProcessPool:
                if executor is self.executor:  # the first page to notice replaces it
                    on_crash()
                    logger.error("an extraction worker died; starting a new pool")
                    executor.shutdown(wait=False, cancel_futures=True)
                    self.executor = new_executor(self.workers)
        async with self.isolation:  # one page at a time, one extra process at most
            alone = new_executor(1)
            try:
                return await loop.run_in_executor(alone, extract_worker.extract_page, *args)
            except BrokenProcessPool:
                return Outcome("dropped", ("worker_crashed", "the page kills its worker"), 0)
            finally:
                alone.shutdown(wait=False)

    @property
    def recycled(self) -> int:
        """Times the workers were replaced for their memory."""
        return sum(self.recycled_by.values())

    def too_large(self, outcome: Outcome) -> str | None:
        """Why the worker that made ``outcome`` is to be replaced, or None: its
        own memory (USS) passed ``max_private_mb``; where the system does not
        say what a process owns (not Linux), its peak RSS grew by more."""
        if not self.max_private_kb:
            return None
        if outcome.private_kb is not None:
            return "private_memory" if outcome.private_kb > self.max_private_kb else None
        return "rss_growth" if outcome.growth_kb > self.max_private_kb else None

    async def _recycle(self, executor: ProcessPoolExecutor, reason: str) -> None:
        """Replace the workers after one passed the memory limit (``reason``:
        see :meth:`too_large`) with fresh forks of the fork server (a fork
        each, milliseconds). The old workers finish the pages they hold and
        exit before the new ones start: new pages wait meanwhile (one page's
        time; at most ``REPLACE_WAIT``). Started at once, the new workers and the old ones
        overlapped, and the whole crawl's peak PSS was at such a moment (472
        MB against 410 between replacements, docs/throughput.md). Once per
        executor. All workers go, not only the one that passed: a
        ``ProcessPoolExecutor`` cannot retire one of its processes (its
        ``max_tasks_per_child`` deadlocks on 3.11, see docs/hardening.md), and
        the workers of one crawl grow alike."""
        if executor is not self.executor or self.replacing is not None:
            return
        self.recycled_by[reason] = self.recycled_by.get(reason, 0) + 1
        logger.debug("an extraction worker passed %.0f MB (%s): replacing the workers",
                     self.max_private_kb / 1024, reason)
        self.replacing = asyncio.Event()
        try:
            # a page that hangs in an old worker (until its time limit) must not
            # hold the crawl: past REPLACE_WAIT the new workers start anyway
            shutdown = asyncio.ensure_future(asyncio.to_thread(executor.shutdown, wait=True))
            await asyncio.wait({shutdown}, timeout=REPLACE_WAIT)
        finally:
            if self.executor is executor:  # (a crash meanwhile has replaced it already)
                self.executor = new_executor(self.workers)
            replacing, self.replacing = self.replacing, None
            replacing.set()
