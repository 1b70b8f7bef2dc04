"""The extraction stage as it runs in a worker process of the extract pipeline.

Kept free of Scrapy imports, so a worker process starts with only what
extraction needs. The one entry point, :func:`extract_page`, runs
:func:`newscrawl.stages.extract_stage` on one page and reports the outcome as
plain data: exceptions with custom constructors (``Dropped``) do not survive
pickling, and an unexpected error must not cost the worker.

A page may take at most ``time_limit`` seconds (``NEWSCRAWL_EXTRACT_TIME_LIMIT``):
a timer signal interrupts extraction and the page is dropped as
``extract_timeout``, so a pathological page cannot hold a worker for the rest
of the run. The signal interrupts Python code; a hang inside one C call
(libxml2, a regular expression) ends only when that call returns.

With ``cluster_params`` (the near-duplicate stage is on) the worker also makes
the MinHash signature and band keys (``_signature``) of the text as the
agencies stage will leave it: it runs that stage on a copy of the page's
fields (:class:`CreditContext`: the source's default agency and language, the
discovery hints, the agency registry file, ``strip_dateline``) and signs the
text with the credit line taken out. Shingling and hashing a text is CPU work
that belongs with the text (numpy alone, :mod:`newscrawl.store.minhash`; the
band split is computed once, in the fork server): the crawl process only
compares signatures. The crawl process still runs the agencies stage itself
(the item's fields are its); the near-duplicate stage uses the worker's
signature when its text is the item's.

A worker process ends with the crawl process that started it, even when
that one is killed (``kill -9``, the OOM killer) and cannot shut its pool
down: on Linux the kernel sends the worker SIGKILL when its parent dies
(``PR_SET_PDEATHSIG``, set through ``prctl`` with ctypes); elsewhere a
watchdog thread polls the parent pid every second. Without this, an
orphaned worker blocked in its task queue lived on for good, with
trafilatura's ~150 MB.

Workers are forks of one fork server (``forkserver`` start method) that has
imported and warmed extraction once (:mod:`newscrawl.pipelines.extract_preload`
calls :func:`warm_up`): the py3langid model (74 MB), jusText's stop words,
trafilatura, lxml and the date collectors (htmldate's last-resort dates are
read by ``newscrawl.dates``; dateparser is not loaded, see
:mod:`newscrawl.dates.guess`). The workers
share those pages copy-on-write instead of each loading its own copy, and a
replaced worker starts in milliseconds, already warm. A worker's parent is
then the fork server, which lives as long as any worker does (each holds its
"alive" pipe): such a worker watches the crawl process itself (a thread, once
a second) and ends with it; the fork server and the resource tracker follow.

A worker process starts with :func:`prepare_worker` (the pool's initializer):
extraction allocates hundreds of thousands of objects a page, and Python's
cyclic garbage collector, with its default thresholds, ran a young collection
every 700 of them and full ones over every module object the extraction
libraries hold: about 2.3 ms of GC a page (7% of the worker's CPU, 200 real
pages in one process). After a warm-up page the worker freezes what it has
loaded (``gc.freeze``: imports, compiled patterns, caches; never garbage) and
collects less often (``WORKER_GC_THRESHOLDS``): 0.4 ms of GC a page, peak RSS
unchanged (369 against 368 MB on 400 real pages). A full collection no
longer walks the frozen module objects, so it stays cheap at the default
ratio to young collections.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from newscrawl.agencies import AgencyRegistry, load_registry
from newscrawl.extraction.options import ExtractionOptions
from newscrawl.ops.heap import find_malloc_trim
from newscrawl.stages import Dropped, agencies_stage, extract_stage
from newscrawl.store.clusters import ClusterParams, TextSignature
from newscrawl.store.embedded import process_alive

logger = logging.getLogger(__name__)
Status = Literal["ok", "dropped", "error"]


class CreditContext(NamedTuple):
    """What the agencies stage of the crawl process will take the text's credit
    line out with, besides the extracted fields (see the module documentation)."""

    registry_path: str | None = None
    strip_dateline: bool = False
    default_agency: str | None = None
    #: the source's language, for a page that declares none
    language: str | None = None
    #: the page's discovery hints (a feed entry's author is a credit)
    hints: dict[str, Any] | None = None


class Outcome(NamedTuple):
    """What happened to one page. ``ok``: ``value`` holds the fields the stage
    added to the item; ``dropped``: ``(reason, detail)``; ``error``: the
    traceback text. ``peak_rss_kb`` is the worker's peak resident set so far,
    ``growth_kb`` how far it grew beyond what the worker had when it started,
    ``private_kb`` the worker's own memory after the page (USS, see
    :func:`private_memory_kb`; None where the system does not say): the pool
    replaces a worker whose own memory passes its limit (its RSS growth where
    the own memory is unknown)."""

    status: Status
    value: Any
    peak_rss_kb: int
    growth_kb: int = 0
    private_kb: int | None = None


#: ``gc.set_threshold`` of a worker: a young collection every 10,000 allocations
#: (Python: 700); the older generations relative to it as by default (10, 10),
#: so cyclic garbage that outlived a page is still collected within a few pages
#: (with (10,000, 50, 100) the peak RSS of 400 real pages was 5 MB higher).
WORKER_GC_THRESHOLDS = (10_000, 10, 10)
#: A small article the warm-up extracts, so that what extraction loads lazily
#: (language data, date patterns) is loaded before the worker freezes it.
_WARM_UP_PAGE = (
    b"<html lang='de'><head><title>Probe</title></head><body><article><h1>Probe</h1>"
    b"<p>Wien, 20. M\xc3\xa4rz 2024 (APA) - " + b"Ein Satz mit einigen W\xc3\xb6rtern. " * 30
    + b"</p></article></body></html>"
)


#: ``prctl`` option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1


def end_with_parent(parent_pid: int, poll_seconds: float = 1.0) -> None:
    """Make this process end when ``parent_pid`` (its parent) ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    else:
        armed = False
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid, poll_seconds),
                         name="newscrawl-parent-watch", daemon=True).start()


def end_with_process(pid: int, poll_seconds: float = 1.0) -> None:
    """Make this process end when process ``pid`` (not its parent) ends: a
    watchdog thread looks every ``poll_seconds``."""
    if not process_alive(pid):
        os._exit(1)
    threading.Thread(target=_watch_process, args=(pid, poll_seconds),
                     name="newscrawl-crawl-watch", daemon=True).start()


def _watch_process(pid: int, poll_seconds: float) -> None:
    while process_alive(pid):
        time.sleep(poll_seconds)
    os._exit(1)


def _watch_parent(parent_pid: int, poll_seconds: float) -> None:
    while os.getppid() == parent_pid:
        time.sleep(poll_seconds)
    os._exit(1)


#: A date that only dateparser reads (htmldate's last resort): the first such
#: date makes dateparser compile the patterns of every locale it knows.
_WARM_UP_DATE = "Publicado el 3 de mayo de 2017"
#: A text without a declared language: loads the language model.
_WARM_UP_TEXT = "Ein Satz mit einigen Wörtern, damit die Sprache erkannt wird. " * 3
_warm = False
_start_rss_kb = 0
#: glibc's ``malloc_trim`` in a worker process (None: not there, or not glibc).
_malloc_trim: Any = None


def warm_up() -> None:
    """Load and initialise what extraction loads lazily, then freeze it (the
    objects are never garbage; a frozen object is not walked by the collector,
    so a forked worker does not write to its pages). Once per process."""
    global _warm
    if _warm:
        return
    from newscrawl.extraction.language import detect_language

    # their outcomes do not matter (extract_page reports errors, never raises);
    # signing computes the default permutations and band split for every worker
    extract_page("https://example.org/probe", _WARM_UP_PAGE, "utf-8", ExtractionOptions(),
                 cluster_params=ClusterParams(), credits=CreditContext())
    detect_language(_WARM_UP_TEXT)
    from newscrawl.dates.guess import use_own_parser

    # htmldate reads its last-resort dates with newscrawl.dates, not dateparser
    # (~41 MB); only an htmldate without the hooks still needs dateparser warm
    if not use_own_parser():
        try:
            from htmldate.extractors import external_date_parser

            external_date_parser(_WARM_UP_DATE, "%Y-%m-%d")
        except Exception:  # a missing or failing parser only costs the warm-up
            logger.debug("dateparser could not be warmed", exc_info=True)
    try:
        # trafilatura's jusText fallback, on a page without a language it knows,
        # builds the stop words of every language (18 MB) and jusText a lower-cased
        # set of them (cached): built here, once, they are shared; built on a
        # worker's first such page, each worker (and each replacement) held its own
        from lxml.html import fromstring
        from trafilatura.external import try_justext

        try_justext(fromstring(_WARM_UP_PAGE), None, None)
    except Exception:
        logger.debug("jusText's stop words could not be warmed", exc_info=True)
    gc.collect()
    gc.freeze()
    # the warm-up's garbage is freed heap memory the forks would map: 3 MB back
    trim = find_malloc_trim()
    if trim is not None:
        trim(0)
    _warm = True


def prepare_worker(parent_pid: int | None = None) -> None:
    """Initializer of a worker process: end with the crawl process
    ``parent_pid`` (through the fork server, when one forked this worker),
    warm (a no-op in a fork of the warmed fork server), make garbage
    collection rarer (see the module documentation) and note the resident set
    the worker starts with."""
    global _start_rss_kb, _malloc_trim, _pages_done, _last_private_kb
    if parent_pid is not None:
        if os.getppid() == parent_pid:
            end_with_parent(parent_pid)
        else:
            # forked by the fork server, which lives as long as any worker holds its
            # "alive" pipe: a worker watches the crawl process itself
            end_with_process(parent_pid)
    warm_up()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    # glibc's malloc_trim: after a page, a worker hands the heap memory the page's
    # trees and strings freed back to the system. glibc keeps freed memory for reuse,
    # and a worker's heap stays at the size of its largest pages: a worker's own
    # (unshared) memory was 97 MB after 300 real pages without it, 77 MB with it, at
    # the same CPU a page (53 ms; one process, bench/throughput.py pages)
    _malloc_trim = find_malloc_trim()
    _start_rss_kb = _peak_rss_kb()
    # the fork server's warm-up page counted and read the server's memory: a
    # fork reads its own after its first page
    _pages_done, _last_private_kb = 0, None


class ExtractionTimeout(BaseException):
    """Raised by the timer signal. A BaseException, so that the ``except
    Exception`` of the extraction libraries does not swallow it."""


def extract_page(url: str, body: bytes, declared_encoding: str | None,
                 options: ExtractionOptions | None, time_limit: float | None = None,
                 cluster_params: ClusterParams | None = None,
                 credits: CreditContext | None = None) -> Outcome:
    """Run the extraction stage on one page. ``time_limit`` (seconds) only in
    a worker process: it installs a SIGALRM handler. ``cluster_params``: also
    sign the text for the near-duplicate stage, as the agencies stage will
    leave it with ``credits`` (as extracted without)."""
    item: dict[str, Any] = {"url": url, "_page": {"body": body, "declared_encoding": declared_encoding}}
    try:
        with _time_limit(time_limit):
            extract_stage(item, options)
            if cluster_params is not None and item.get("text"):
                item["_signature"] = sign(item, cluster_params, credits)
    except ExtractionTimeout:
        return _outcome("dropped", ("extract_timeout", f"more than {time_limit} s"))
    except Dropped as exc:
        detail = str(exc).removeprefix(exc.reason).removeprefix(": ")
        return _outcome("dropped", (exc.reason, detail))
    except Exception:  # noqa: BLE001 - any bug in extraction drops one page, not the crawl
        return _outcome("error", traceback.format_exc(limit=8)[-4000:])
    del item["url"], item["_page"]
    return _outcome("ok", item)


def sign(item: dict[str, Any], params: ClusterParams, credits: CreditContext | None) -> TextSignature:
    """The signature of the item's text as the agencies stage will leave it."""
    from newscrawl.store.minhash import signature_values

    return signature_values(credited_text(item, credits), params)


def credited_text(item: dict[str, Any], credits: CreditContext | None) -> str:
    """The extracted text after the agencies stage (credit line out), run on a
    copy of the fields it reads. A stage that fails here (an unknown default
    agency) fails in the crawl process as well, where it is reported: the
    text is then signed as extracted."""
    text = item["text"]
    if credits is None:
        return text
    probe = {"text": text, "authors": item.get("authors"), "_credit_names": item.get("_credit_names", ()),
             "language": item.get("language") or credits.language,
             "_page": {"hints": credits.hints or {}}}
    try:
        agencies_stage(probe, registry=_registry(credits.registry_path),
                       default_agency=credits.default_agency, strip_dateline=credits.strip_dateline)
    except Exception:  # the crawl process's agencies stage reports it
        logger.debug("agencies stage failed on %s; its text is signed as extracted",
                     item.get("url"), exc_info=True)
        return text
    return probe["text"]


@lru_cache(maxsize=4)
def _registry(path: str | None) -> AgencyRegistry:
    """The agency registry of the crawl's ``NEWSCRAWL_AGENCY_REGISTRY``, read once a worker."""
    return load_registry(path or None)


def _outcome(status: Status, value: Any) -> Outcome:
    if _malloc_trim is not None:
        _malloc_trim(0)
    peak = _peak_rss_kb()
    return Outcome(status, value, peak, peak - _start_rss_kb if _start_rss_kb else 0,
                   _private_memory_now())


#: A worker reads its own memory after its first page and every this many pages
#: after (reading it costs 1.5-2.7 ms of CPU, 3-5 % of a page: see
#: :func:`private_memory_kb`); between reads the pool sees the last figure.
PRIVATE_MEMORY_EVERY = 10
_pages_done = 0
_last_private_kb: int | None = None


def _private_memory_now() -> int | None:
    """The worker's own memory as last read (read again every ``PRIVATE_MEMORY_EVERY`` pages)."""
    global _pages_done, _last_private_kb
    if _pages_done % PRIVATE_MEMORY_EVERY == 0:
        _last_private_kb = private_memory_kb()
    _pages_done += 1
    return _last_private_kb


#: Where Linux sums a process's memory by kind (kernel 4.14+).
SMAPS_ROLLUP = "/proc/self/smaps_rollup"
_PRIVATE_FIELDS = (b"Private_Clean:", b"Private_Dirty:")


def private_memory_kb(path: str = SMAPS_ROLLUP) -> int | None:
    """This process's own memory in kB (USS: Private_Clean + Private_Dirty of
    ``smaps_rollup``), or None where the file is not there (not Linux, an old
    kernel).

    What a forked worker costs the machine is not its RSS, which counts the
    pages it still shares copy-on-write with the fork server (the extraction
    libraries, the language model) and hardly grows: it is the pages it made
    its own, by writing to shared ones (reference counts, caches that fill)
    and by its heap of page trees. Those grow with the pages a worker
    extracts while its RSS stays flat (docs/throughput.md, "Recycling workers
    by their own memory"). Reading the file makes the kernel walk the
    process's page tables: 1.5-2.7 ms of CPU for a warm worker (250 MB RSS),
    so a worker reads it every ``PRIVATE_MEMORY_EVERY`` pages."""
    try:
        with open(path, "rb") as fh:
            rollup = fh.read()
    except OSError:
        return None
    total = 0
    for line in rollup.splitlines():
        if line.startswith(_PRIVATE_FIELDS):
            total += int(line.split()[1])
    return total


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    if not seconds:
        yield
        return

    def expire(_signum, _frame) -> None:
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
