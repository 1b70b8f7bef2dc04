"""The extraction pool of the extract pipeline: same result as inline, the
event loop stays free while pages are extracted, a page that kills its worker
costs only itself, and in-flight work is bounded."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from types import SimpleNamespace

import pytest
from scrapy.exceptions import DropItem, ScrapyDeprecationWarning
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.demo.site import build_routes, load_articles
from newscrawl.pipelines import extract_pool, extract_worker
from newscrawl.pipelines.extract import ExtractPipeline
from newscrawl.pipelines.extract_pool import ExtractionPool
from newscrawl.pipelines.extract_worker import extract_page

BASE = "http://news.test"
ROUTES = build_routes(BASE)
SLUGS = [f"/{a['slug']}" for a in load_articles()]


def page_item(slug: str, body: bytes | None = None) -> dict:
    return {"url": BASE + slug, "_page": {"body": ROUTES[slug].body if body is None else body}}


def pipeline(workers: int, max_pending: int = 0, time_limit: float = 60,
             dedupe: bool = False) -> ExtractPipeline:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_EXTRACT_WORKERS": workers,
                                         "NEWSCRAWL_EXTRACT_MAX_PENDING": max_pending,
                                         "NEWSCRAWL_EXTRACT_TIME_LIMIT": time_limit,
                                         "NEWSCRAWL_DEDUPE": dedupe,
                                         "NEWSCRAWL_DEDUPE_THRESHOLD": 0.7,
                                         "NEWSCRAWL_DEDUPE_NUM_PERM": 128,
                                         "NEWSCRAWL_DEDUPE_SHINGLE_WORDS": 5})
    crawler.stats.open_spider()
    crawler.spider = SimpleNamespace(source=SimpleNamespace(language="de", default_agency=None))
    return ExtractPipeline(crawler)


async def process_all(pipe: ExtractPipeline, items: list[dict]) -> list[dict | DropItem]:
    pipe.open_spider()
    try:
        return await asyncio.gather(*(pipe.process_item(item) for item in items),
                                    return_exceptions=True)
    finally:
        await pipe.close_spider()


# Worker functions swapped in by the tests; module level so a spawned worker can import them.

def slow_extract_page(url, body, declared_encoding, options, *rest):
    time.sleep(0.3)
    return extract_page(url, body, declared_encoding, options, *rest)


def crashing_extract_page(url, body, declared_encoding, options, *rest):
    if b"KILL-THE-WORKER" in body:
        os._exit(1)
    return extract_page(url, body, declared_encoding, options, *rest)


def hang(item, options):
    time.sleep(3600)


def hanging_extract_page(url, body, declared_encoding, options, *rest):
    real = extract_worker.extract_stage
    if b"HANG-FOREVER" in body:
        extract_worker.extract_stage = hang  # in this worker process, for this page
    try:
        return extract_page(url, body, declared_encoding, options, *rest)
    finally:
        extract_worker.extract_stage = real


_HELD: list[bytes] = []


def growing_extract_page(url, body, declared_encoding, options, *rest):
    """Extraction in a worker that keeps 40 MB more after every page (a leak),
    reading its own memory after every page."""
    extract_worker.PRIVATE_MEMORY_EVERY = 1
    _HELD.append(b"x" * (40 * 2**20))
    outcome = extract_page(url, body, declared_encoding, options, *rest)
    return outcome._replace(value={"pid": os.getpid()}) if outcome.status == "ok" else outcome


def worker_state() -> tuple[bool, int, bool]:
    """(warm, parent pid, language model loaded) as a worker sees them."""
    import py3langid.langid

    return extract_worker._warm, os.getppid(), py3langid.langid.IDENTIFIER is not None


def without_page(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "_page"}


def test_pooled_extraction_gives_the_same_item_as_inline():
    inline = asyncio.run(process_all(pipeline(0), [page_item(s) for s in SLUGS]))
    pooled = asyncio.run(process_all(pipeline(2), [page_item(s) for s in SLUGS]))
    assert [without_page(i) for i in pooled] == [without_page(i) for i in inline]
    assert all(item.get("text") for item in pooled)


def test_workers_sign_the_text_as_the_agencies_stage_will_leave_it():
    from newscrawl.stages import agencies_stage
    from newscrawl.store.clusters import ClusterParams
    from newscrawl.store.minhash import signature_array

    pooled = asyncio.run(process_all(pipeline(2, dedupe=True), [page_item(s) for s in SLUGS[:3]]))
    credit_lines_out = 0
    for item in pooled:
        made = item.pop("_signature")
        after_agencies = agencies_stage(dict(item))["text"]
        credit_lines_out += after_agencies != item["text"]
        expected = signature_array(after_agencies, ClusterParams())
        assert made.text == after_agencies and made.params == ClusterParams()
        assert list(made.hashvalues) == list(expected.values)
        assert made.band_keys == expected.band_keys and len(made.band_keys) == 20
    assert credit_lines_out > 0  # the wire stories of the demo site end with a credit line
    unsigned = asyncio.run(process_all(pipeline(0), [page_item(SLUGS[0])]))
    assert "_signature" not in unsigned[0]


def test_a_source_the_agencies_stage_refuses_costs_the_worker_no_page():
    from newscrawl.pipelines.extract_worker import CreditContext
    from newscrawl.stages import agencies_stage
    from newscrawl.store.clusters import ClusterParams

    # a staff story (no agency credits it) of a source whose default agency is
    # unknown: the crawl process's agencies stage reports it
    page = ("<html lang='de'><head><title>Neue Radwege in Graz</title></head><body>"
            "<nav><a href='/'>Start</a> <a href='/graz'>Graz</a></nav><article>"
            "<h1>Neue Radwege in Graz</h1><p class='author'>Von Maria Huber</p>"
            "<p>Die Stadt baut bis zum Herbst vier Kilometer neue Radwege entlang der Mur. Die "
            "Arbeiten beginnen am Montag beim Hauptbahnhof und dauern rund sechs Monate.</p>"
            "<p>Während der Bauzeit wird der Autoverkehr in der Keplerstraße einspurig geführt. "
            "Anrainer können ihre Garagen weiterhin erreichen, heißt es aus dem Rathaus.</p>"
            "<p>Die Radlobby begrüßt das Projekt, fordert aber eine durchgehende Verbindung bis "
            "zur Universität. Die Kosten von 4,2 Millionen Euro trägt zur Hälfte das Land.</p>"
            + "</article><footer>© Grazer Stadtblatt</footer></body></html>").encode()
    unknown = CreditContext(default_agency="Agence Inconnue", language="de")
    outcome = extract_page(BASE + "/graz/radwege", page, "utf-8", None,
                           cluster_params=ClusterParams(), credits=unknown)
    assert outcome.status == "ok"
    made = outcome.value["_signature"]
    assert made.text == outcome.value["text"] and made.band_keys
    with pytest.raises(ValueError):
        agencies_stage(dict(outcome.value), default_agency="Agence Inconnue")


def test_the_event_loop_keeps_running_while_pages_are_extracted(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_page", slow_extract_page)
    pipe = pipeline(1)
    ticks = 0

    async def ticker(done: asyncio.Event) -> None:
        nonlocal ticks
        while not done.is_set():
            await asyncio.sleep(0.01)
            ticks += 1

    async def scenario() -> float:
        pipe.open_spider()
        await pipe.process_item(page_item(SLUGS[0]))  # the worker is up
        done = asyncio.Event()
        tick_task = asyncio.create_task(ticker(done))
        started = time.monotonic()
        await asyncio.gather(*(pipe.process_item(page_item(s)) for s in SLUGS[1:4]))
        elapsed = time.monotonic() - started
        done.set()
        await tick_task
        await pipe.close_spider()
        return elapsed

    elapsed = asyncio.run(scenario())
    assert elapsed >= 0.9  # three slow pages in one worker
    # up to 90 ticks of 10 ms fit in the wait; inline extraction would leave about 3
    assert ticks >= 20


def test_a_page_that_kills_its_worker_is_dropped_alone(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_page", crashing_extract_page)
    pipe = pipeline(2)
    items = [page_item(s) for s in SLUGS[:2]]
    items.insert(1, page_item(SLUGS[2], ROUTES[SLUGS[2]].body + b"<!-- KILL-THE-WORKER -->"))
    items += [page_item(s) for s in SLUGS[3:]]
    results = asyncio.run(process_all(pipe, items))
    assert isinstance(results[1], DropItem)
    assert all(r.get("text") for i, r in enumerate(results) if i != 1)
    assert pipe.stats.get_value("newscrawl/dropped/worker_crashed") == 1
    assert pipe.stats.get_value("newscrawl/extract/worker_crashed") >= 1


class CountingPool:
    """Wraps the pipeline's pool and records the most pages it held at once."""

    def __init__(self, pool) -> None:
        self.pool, self.outstanding, self.peak = pool, 0, 0
        self.lock = threading.Lock()

    def submit(self, fn, *args):
        with self.lock:
            self.outstanding += 1
            self.peak = max(self.peak, self.outstanding)
        future = self.pool.submit(fn, *args)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future) -> None:
        with self.lock:
            self.outstanding -= 1

    def shutdown(self, **kwargs) -> None:
        self.pool.shutdown(**kwargs)


def test_pages_in_flight_are_bounded_by_max_pending(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_page", slow_extract_page)
    pipe = pipeline(1, max_pending=2)

    async def scenario() -> list:
        pipe.open_spider()
        pipe.pool.executor = counting = CountingPool(pipe.pool.executor)
        results = await asyncio.gather(*(pipe.process_item(page_item(s)) for s in SLUGS))
        await pipe.close_spider()
        return [results, counting.peak]

    results, peak = asyncio.run(scenario())
    assert all(r.get("text") for r in results)
    assert peak == 2


def test_the_crawlers_of_one_process_share_one_pool_until_the_last_closes():
    first, second = pipeline(2), pipeline(2)

    async def scenario() -> list:
        first.open_spider()
        second.open_spider()
        shared = first.pool is second.pool
        executor = first.pool.executor
        await first.close_spider()
        open_after_first = ExtractionPool._shared.get(2) is not None
        await second.close_spider()
        return [shared, open_after_first, ExtractionPool._shared.get(2), executor]

    shared, open_after_first, left, executor = asyncio.run(scenario())
    assert shared and open_after_first and left is None
    with pytest.raises(RuntimeError):  # shut down
        executor.submit(print)


def test_a_page_whose_extraction_hangs_is_dropped_at_the_time_limit(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_page", hanging_extract_page)
    pipe = pipeline(1, time_limit=1.0)
    items = [page_item(SLUGS[0]), page_item(SLUGS[1], ROUTES[SLUGS[1]].body + b"HANG-FOREVER"),
             page_item(SLUGS[2])]
    started = time.monotonic()
    results = asyncio.run(process_all(pipe, items))
    assert time.monotonic() - started < 30
    assert isinstance(results[1], DropItem)
    assert pipe.stats.get_value("newscrawl/dropped/extract_timeout") == 1
    assert results[0].get("text") and results[2].get("text")


def test_the_time_limit_leaves_no_timer_behind(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_stage", hang)
    before = signal.getsignal(signal.SIGALRM)
    outcome = extract_page(BASE + "/x/y", b"<html></html>", None, None, time_limit=0.2)
    assert (outcome.status, outcome.value[0]) == ("dropped", "extract_timeout")
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_an_empty_page_is_dropped_with_its_reason():
    outcome = extract_page(BASE + "/x/y", b"", None, None)
    assert (outcome.status, outcome.value[0]) == ("dropped", "empty")


def test_a_bug_in_extraction_is_reported_not_raised(monkeypatch):
    def broken(item, options):
        raise ValueError("boom")

    monkeypatch.setattr("newscrawl.pipelines.extract_worker.extract_stage", broken)
    outcome = extract_page(BASE + "/x/y", b"<html></html>", None, None)
    assert outcome.status == "error" and "ValueError: boom" in outcome.value


def test_a_bug_in_extraction_drops_the_page_as_extract_error(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_page",
                        lambda *a: extract_worker.Outcome("error", "Traceback...\nValueError: boom", 0))
    pipe = pipeline(0)
    results = asyncio.run(process_all(pipe, [page_item(SLUGS[0])]))
    assert isinstance(results[0], DropItem)
    assert pipe.stats.get_value("newscrawl/dropped/extract_error") == 1


def test_workers_start_with_extraction_loaded_frozen_and_rarer_garbage_collection():
    import gc

    from newscrawl.pipelines.extract_pool import new_executor

    executor = new_executor(1)
    try:
        assert executor.submit(gc.get_threshold).result(timeout=120) == (
            extract_worker.WORKER_GC_THRESHOLDS
        )
        assert executor.submit(gc.get_freeze_count).result(timeout=60) > 10_000
    finally:
        executor.shutdown()


def test_workers_are_forks_of_a_fork_server_that_loaded_extraction_once():
    from newscrawl.pipelines.extract_pool import new_executor

    executor = new_executor(2)
    try:
        states = {executor.submit(worker_state).result(timeout=120) for _ in range(4)}
    finally:
        executor.shutdown()
    parents = {parent for _, parent, _ in states}
    assert parents and os.getpid() not in parents  # forked by the server, not this process
    assert all(warm and model for warm, _, model in states)


def test_a_worker_whose_own_memory_passes_the_limit_is_replaced_by_a_fresh_fork(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_page", growing_extract_page)
    pool = ExtractionPool(1, 1, max_private_mb=0)

    async def run_pages() -> list:
        try:
            first = await pool.run(BASE + SLUGS[0], ROUTES[SLUGS[0]].body, None, None, 60, None)
            # the limit lies between the first page and the second (40 MB more held)
            pool.max_private_kb = first.private_kb + 20 * 1024
            return [first] + [await pool.run(BASE + slug, ROUTES[slug].body, None, None, 60, None)
                              for slug in SLUGS[1:3]]
        finally:
            await pool.release()

    first, second, third = asyncio.run(run_pages())
    assert [o.status for o in (first, second, third)] == ["ok", "ok", "ok"]
    assert second.private_kb - first.private_kb > 35 * 1024  # the 40 MB it keeps are its own
    assert first.value["pid"] == second.value["pid"] != third.value["pid"]
    assert third.private_kb < second.private_kb  # a fresh fork holds none of it
    assert pool.recycled_by == {"private_memory": 1}


def test_fresh_workers_report_their_own_memory_not_the_fork_servers():
    from newscrawl.settings import defaults

    # the fork server read its own memory (all of it private) on its warm-up page
    pool = ExtractionPool(2, 2, max_private_mb=defaults.NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB)

    async def run_pages() -> list:
        try:
            return await asyncio.gather(*(pool.run(BASE + slug, ROUTES[slug].body, None, None, 60, None)
                                          for slug in SLUGS))
        finally:
            await pool.release()

    outcomes = asyncio.run(run_pages())
    assert all(o.status == "ok" for o in outcomes)
    assert max(o.private_kb for o in outcomes) < pool.max_private_kb
    assert pool.recycled == 0


def test_without_its_own_memory_known_a_worker_is_replaced_by_its_rss_growth():
    pool = SimpleNamespace(max_private_kb=50 * 1024)
    grown = extract_worker.Outcome("ok", {}, 400_000, growth_kb=60 * 1024, private_kb=None)
    small = grown._replace(growth_kb=10 * 1024)
    assert ExtractionPool.too_large(pool, grown) == "rss_growth"
    assert ExtractionPool.too_large(pool, small) is None
    # with the own memory known, the RSS growth does not count
    assert ExtractionPool.too_large(pool, grown._replace(private_kb=40 * 1024)) is None
    assert ExtractionPool.too_large(pool, small._replace(private_kb=51 * 1024)) == "private_memory"
    assert ExtractionPool.too_large(SimpleNamespace(max_private_kb=0), grown) is None


SMAPS_ROLLUP = """\
55d0c8a4e000-7ffd5b1f2000 ---p 00000000 00:00 0                          [rollup]
Rss:              251204 kB
Pss:              118337 kB
Pss_Anon:          70020 kB
Pss_File:          48317 kB
Pss_Shmem:             0 kB
Shared_Clean:     150212 kB
Shared_Dirty:      48876 kB
Private_Clean:      1024 kB
Private_Dirty:     51092 kB
Referenced:       251204 kB
Anonymous:        121008 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
"""


def test_a_workers_own_memory_is_its_private_clean_and_dirty_pages(tmp_path):
    rollup = tmp_path / "smaps_rollup"
    rollup.write_text(SMAPS_ROLLUP)
    assert extract_worker.private_memory_kb(str(rollup)) == 1024 + 51092
    assert extract_worker.private_memory_kb(str(tmp_path / "missing")) is None


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps_rollup"), reason="Linux 4.14+ only")
def test_a_page_reports_the_workers_own_memory_on_linux():
    outcome = extract_page(BASE + SLUGS[0], ROUTES[SLUGS[0]].body, None, None)
    assert outcome.status == "ok"
    assert 1024 < outcome.private_kb < outcome.peak_rss_kb


def test_the_deprecated_growth_setting_is_read_as_the_private_memory_limit():
    from newscrawl.pipelines.extract import worker_memory_limit
    from newscrawl.settings import defaults

    def settings(**values) -> Settings:
        settings = Settings()
        settings.setmodule(defaults, priority="project")
        settings.setdict(values, priority="cmdline")
        return settings

    assert worker_memory_limit(settings()) == defaults.NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB
    with pytest.warns(ScrapyDeprecationWarning, match="NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB"):
        assert worker_memory_limit(settings(NEWSCRAWL_EXTRACT_WORKER_MAX_GROWTH_MB="30")) == 30
    assert worker_memory_limit(settings(NEWSCRAWL_EXTRACT_WORKER_MAX_PRIVATE_MB="45")) == 45


def test_pages_of_recycled_workers_are_all_extracted_and_the_recycling_counted():
    items = [page_item(slug) for slug in SLUGS]
    pipe = pipeline(workers=2)
    pipe.max_private_mb = 1  # every worker passes it on its first page
    results = asyncio.run(process_all(pipe, items))
    assert not [r for r in results if isinstance(r, BaseException)]
    assert all(r.get("text") for r in results)
    recycled = pipe.stats.get_value("newscrawl/extract/workers_recycled")
    assert recycled >= 1
    assert pipe.stats.get_value("newscrawl/extract/workers_recycled/private_memory") == recycled
    assert pipe.stats.get_value("newscrawl/extract/worker_peak_private_mb") > 1


def test_a_page_hanging_in_a_replaced_worker_holds_new_pages_only_briefly(monkeypatch):
    monkeypatch.setattr(extract_worker, "extract_page", hanging_extract_page)
    monkeypatch.setattr(extract_pool, "REPLACE_WAIT", 1.0)
    pool = ExtractionPool(2, 2, max_private_mb=1)  # the first page's worker passes it
    hanging = BASE + "/hang"

    async def run_pages() -> tuple:
        try:
            stuck = asyncio.ensure_future(pool.run(hanging, b"<html>HANG-FOREVER</html>", None, None, 8, None))
            await asyncio.sleep(0.5)
            started = time.monotonic()
            # its worker passes the limit: the workers are replaced, the hanging one too
            await pool.run(BASE + SLUGS[0], ROUTES[SLUGS[0]].body, None, None, 8, None)
            after = await pool.run(BASE + SLUGS[1], ROUTES[SLUGS[1]].body, None, None, 8, None)
            return after, time.monotonic() - started, await stuck
        finally:
            await pool.release()

    after, waited, stuck = asyncio.run(run_pages())
    assert after.status == "ok"
    assert waited < 5  # not the hanging page's 8 s
    assert stuck.status == "dropped" and stuck.value[0] == "extract_timeout"
    assert pool.recycled >= 1
