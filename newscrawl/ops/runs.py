"""Run records: one document in ``runs`` per crawl, with its health.

An extension, not part of ``newscrawl crawl``, so that ``scrapy crawl`` and
scrapyd runs are recorded too. On ``spider_opened`` it writes the record of
the run as ``state: "running"`` (host, pid, start), after marking the
``running`` records of this host whose process is gone as ``killed``: a crawl
ended by ``kill -9``, the OOM killer or a reboot never closes, and the next
run says so. On ``spider_closed`` it reads the previous healthy
runs of the same source and spider, runs the monitors
(:mod:`newscrawl.ops.monitors`), puts their verdict into the stats (the
``newscrawl crawl`` command turns it into its exit code) and writes the record
whole with ``ReplaceOne`` (dates stay BSON dates on every server).

Settings: ``NEWSCRAWL_RUN_RECORDS`` (off: ``NotConfigured``),
``NEWSCRAWL_MONITOR_*``, ``NEWSCRAWL_RUN_BATCH``. Stats it sets:
``newscrawl/monitors/problems`` (list of messages, empty when healthy),
``newscrawl/monitors/checked``, ``newscrawl/runs/recorded`` or
``newscrawl/runs/unrecorded`` (the database was not reachable).
"""

from __future__ import annotations

import logging
import os
import platform
import socket
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import scrapy
from pymongo import DESCENDING, ReplaceOne
from pymongo.database import Database
from pymongo.errors import PyMongoError
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawl import __version__
from newscrawl.ops import crawlstats
from newscrawl.ops.crawlstats import PROBLEMS_KEY
from newscrawl.ops.monitors import (
    Monitor,
    Verdict,
    monitors_from_settings,
    problems,
    run_monitors,
)
from newscrawl.store.embedded import EmbeddedServerError, process_alive
from newscrawl.store.mongo import open_database

logger = logging.getLogger(__name__)

RUNS = "runs"
RUN_SCHEMA_VERSION = 1
#: The index the history look-up of the channels monitor uses.
RUNS_INDEX_KEYS = [("source", 1), ("spider", 1), ("started", DESCENDING)]
RUNS_INDEX_NAME = "source_spider_started"
#: What "the database is not there" looks like: pymongo errors, or the
#: embedded server that cannot start.
DATABASE_ERRORS = (PyMongoError, EmbeddedServerError, OSError)


def previous_runs(db: Database, source: str | None, spider: str, limit: int,
                  exclude: str | None = None) -> list[dict[str, Any]]:
    """The latest ``limit`` healthy run records of ``source``/``spider``,
    newest first. Unhealthy runs are left out so that a source that broke
    keeps being reported, instead of its empty runs becoming the new normal."""
    query: dict[str, Any] = {"source": source, "spider": spider, "healthy": True}
    if exclude:
        query["_id"] = {"$ne": exclude}
    cursor = db[RUNS].find(query, {"counts": 1, "channels": 1, "started": 1}).sort(
        "started", DESCENDING).limit(limit)
    return list(cursor)


def run_counts(stats: Mapping[str, Any], error_statuses: Sequence[str]) -> dict[str, Any]:
    """The headline numbers of a run, as plain fields one can query."""
    missing, _ = crawlstats.dated_pages(stats)
    return {
        "requests": crawlstats.requests(stats),
        "fetches": crawlstats.fetch_outcomes(stats),
        "discovery_pages": crawlstats.number(stats, "newscrawl/fetch/discovery_pages"),
        "article_fetches": crawlstats.article_fetches(stats),
        "new": crawlstats.number(stats, "newscrawl/incremental/new"),
        "skipped": crawlstats.number(stats, "newscrawl/incremental/skipped"),
        "responses": crawlstats.number(stats, "response_received_count"),
        "responses_by_status": crawlstats.responses_by_status(stats),
        "errors": crawlstats.fetch_errors(stats, error_statuses),
        "pages": crawlstats.article_pages(stats),
        "items_scraped": crawlstats.number(stats, "item_scraped_count"),
        "items_dropped": crawlstats.number(stats, "item_dropped_count"),
        "dropped": {k.replace(".", "_"): v for k, v in crawlstats.dropped(stats).items()},
        "stored": crawlstats.stored(stats),
        "inserted": crawlstats.number(stats, "newscrawl/store/inserted"),
        "replaced": crawlstats.number(stats, "newscrawl/store/replaced"),
        "not_stored": crawlstats.not_stored(stats),
        "spooled": crawlstats.spooled(stats),
        "lost": crawlstats.lost(stats),
        "undated": missing,
        "spider_exceptions": sum(crawlstats.spider_exceptions(stats).values()),
        "log_errors": crawlstats.number(stats, "log_count/ERROR"),
    }


def build_run_record(*, run_id: str, batch: str, source: str | None, spider: str,
                     stats: Mapping[str, Any], finished: datetime, verdicts: Sequence[Verdict],
                     error_statuses: Sequence[str], log_file: str | None) -> dict[str, Any]:
    """The whole ``runs`` document of one crawl (pure: no I/O)."""
    start_time = stats.get("start_time")
    started: datetime = start_time if isinstance(start_time, datetime) else finished
    return {
        "_id": run_id,
        "run_id": run_id,
        "batch": batch,
        "source": source,
        "spider": spider,
        "started": started,
        "finished": finished,
        "duration_s": round((finished - started).total_seconds(), 3),
        "state": "finished",
        "finish_reason": stats.get("finish_reason"),
        "healthy": all(v.ok for v in verdicts),
        "problems": problems(verdicts),
        "monitors": [v.as_document() for v in verdicts],
        "counts": run_counts(stats, error_statuses),
        "channels": crawlstats.channels(stats),
        "stats": crawlstats.encode_stats(stats),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "log_file": log_file,
        "versions": {"newscrawl": __version__, "scrapy": scrapy.__version__,
                     "python": platform.python_version()},
        "schema_version": RUN_SCHEMA_VERSION,
    }


def running_record(*, run_id: str, batch: str, source: str | None, spider: str,
                   started: datetime, log_file: str | None) -> dict[str, Any]:
    """The record of a run that has started and not finished (pure)."""
    return {
        "_id": run_id, "run_id": run_id, "batch": batch, "source": source, "spider": spider,
        "state": "running", "started": started, "host": socket.gethostname(),
        "pid": os.getpid(), "log_file": log_file, "schema_version": RUN_SCHEMA_VERSION,
    }


def killed_record(record: Mapping[str, Any], noticed: datetime) -> dict[str, Any]:
    """What a ``running`` record becomes once its process is known to be gone (pure)."""
    return {
        **record, "state": "killed", "finish_reason": "killed", "healthy": False,
        "finished": None, "noticed": noticed,
        "problems": [(f"the crawl process (pid {record.get('pid')}) ended without closing "
                      f"(killed: kill -9, out of memory, reboot)")],
    }


def mark_killed_runs(db: Database, now: datetime) -> list[str]:
    """Mark the ``running`` records of this host whose process is gone as
    ``killed``; their ids. Records of other hosts are left alone: whether
    their process lives cannot be seen from here."""
    killed = []
    for record in db[RUNS].find({"state": "running", "host": socket.gethostname()}):
        pid = record.get("pid")
        if not isinstance(pid, int) or pid == os.getpid() or process_alive(pid):
            continue
        db[RUNS].bulk_write([ReplaceOne({"_id": record["_id"]}, killed_record(record, now))])
        logger.warning("run %s (%s/%s, pid %s, started %s) was killed before it finished",
                       record["_id"], record.get("spider"), record.get("source"), pid,
                       record.get("started"))
        killed.append(str(record["_id"]))
    return killed


class RunRecorder:
    """Runs the monitors and records the run when the spider closes."""

    def __init__(self, crawler, monitors: list[Monitor]) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.monitors = monitors
        self.lookback = self.settings.getint("NEWSCRAWL_MONITOR_ZERO_ARTICLES_LOOKBACK")
        self.error_statuses = [str(s) for s in self.settings.getlist("NEWSCRAWL_MONITOR_ERROR_STATUSES")]
        self.own_run_id = uuid.uuid4().hex
        self.opened_run_id = ""

    @classmethod
    def from_crawler(cls, crawler) -> RunRecorder:
        if not crawler.settings.getbool("NEWSCRAWL_RUN_RECORDS"):
            raise NotConfigured  # no message: Scrapy would log it as a warning
        monitors = monitors_from_settings(crawler.settings) if crawler.settings.getbool(
            "NEWSCRAWL_MONITOR_ENABLED") else []
        recorder = cls(crawler, monitors)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def run_id(self) -> str:
        """The archive's run id (the store pipeline's ``newscrawl/run_id``,
        set before ``spider_opened``), so records join with what that run
        wrote; our own when there is none. Fixed when the run opens, so the
        closing record replaces the ``running`` one."""
        if self.opened_run_id:
            return self.opened_run_id
        return str(self.stats.get_value("newscrawl/run_id") or self.own_run_id)

    async def spider_opened(self, spider) -> None:
        await maybe_deferred_to_future(
            deferToThread(self.open, spider.name, getattr(spider, "source_name", None)))

    def open(self, spider: str, source: str | None) -> None:
        """Mark killed runs of this host, then record this one as running."""
        self.opened_run_id = self.run_id()
        now = datetime.now(UTC)
        client = None
        try:
            client, db = open_database(self.settings)
            killed = mark_killed_runs(db, now)
            if killed:
                self.stats.set_value("newscrawl/runs/killed_found", len(killed))
            start_time = self.stats.get_value("start_time")
            record = running_record(
                run_id=self.opened_run_id,
                batch=self.settings.get("NEWSCRAWL_RUN_BATCH") or self.opened_run_id,
                source=source, spider=spider,
                started=start_time if isinstance(start_time, datetime) else now,
                log_file=self.settings.get("LOG_FILE") or None)
            db[RUNS].create_index(RUNS_INDEX_KEYS, name=RUNS_INDEX_NAME)
            db[RUNS].bulk_write([ReplaceOne({"_id": self.opened_run_id}, record, upsert=True)])
        except DATABASE_ERRORS as exc:
            logger.error("cannot record the start of run %s (the database may be down): %s",
                         self.opened_run_id, exc)
        finally:
            if client is not None:
                client.close()

    async def spider_closed(self, spider, reason: str) -> None:
        # Database round trips run in a thread: the reactor keeps serving the
        # other crawlers of the process meanwhile.
        await maybe_deferred_to_future(
            deferToThread(self.close, spider.name, getattr(spider, "source_name", None), reason))

    def close(self, spider: str, source: str | None, reason: str) -> dict[str, Any]:
        stats = dict(self.stats.get_stats())
        stats["finish_reason"] = reason
        run_id = self.run_id()
        client = db = None
        history: list[dict[str, Any]] = []
        try:
            client, db = open_database(self.settings)
            history = previous_runs(db, source, spider, self.lookback, exclude=run_id)
        except DATABASE_ERRORS as exc:
            # Down now, down in a second: do not wait out a second timeout to write.
            db = None
            logger.error("cannot read earlier runs (the database may be down): %s", exc)
        verdicts = run_monitors(self.monitors, stats, history)
        self.stats.set_value(PROBLEMS_KEY, problems(verdicts))
        self.stats.set_value("newscrawl/monitors/checked", len(verdicts))
        for verdict in verdicts:
            (logger.info if verdict.ok else logger.error)("monitor %s: %s", verdict.monitor, verdict.message)
        record = build_run_record(
            run_id=run_id, batch=self.settings.get("NEWSCRAWL_RUN_BATCH") or run_id,
            source=source, spider=spider, stats=stats, finished=datetime.now(UTC),
            verdicts=verdicts, error_statuses=self.error_statuses,
            log_file=self.settings.get("LOG_FILE") or None)
        try:
            if db is None:
                raise PyMongoError("no database connection")
            db[RUNS].create_index(RUNS_INDEX_KEYS, name=RUNS_INDEX_NAME)
            db[RUNS].bulk_write([ReplaceOne({"_id": run_id}, record, upsert=True)])
            self.stats.set_value("newscrawl/runs/recorded", 1)
        except DATABASE_ERRORS as exc:
            self.stats.set_value("newscrawl/runs/unrecorded", 1)
            logger.error("run %s not recorded (the database may be down): %s", run_id, exc)
        finally:
            if client is not None:
                client.close()
        return record
