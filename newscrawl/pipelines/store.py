"""Store stage: batched writes of article captures to the archive, and the
spool when the archive cannot take them.

Settings (defaults in ``newscrawl/settings/defaults.py``):
``NEWSCRAWL_MONGO_URI`` (env var of the same name wins; empty: the embedded
nx-27017 server), ``NEWSCRAWL_MONGO_DATABASE``, ``NEWSCRAWL_MONGO_BATCH_SIZE``,
``NEWSCRAWL_MONGO_FLUSH_INTERVAL``, ``NEWSCRAWL_MONGO_WRITE_CONCERN``,
``NEWSCRAWL_MONGO_MAX_DOCUMENT_BYTES``, ``NEWSCRAWL_ARCHIVE_PAGES``,
``NEWSCRAWL_PAGES_*``, ``NEWSCRAWL_SPOOL_DIR``, ``NEWSCRAWL_STORE_BATCH_BODY_BYTES``.

Every item becomes a :class:`~newscrawl.store.captures.Capture` (document,
raw body, HTTP status and validators, the run id); a 304 answer to a
conditional re-check arrives as the ``not_modified`` signal of
:mod:`newscrawl.middlewares.incremental`. A page an earlier stage dropped for
what it is (``listing_page``, ``too_short``..., see
:mod:`newscrawl.store.dropped`) arrives as Scrapy's ``item_dropped`` signal and
becomes a ``dropped`` capture without document or body: a fetch log entry
and its ``dropped_pages`` state, so incremental crawls skip it until due.
Drops for what went wrong (``extract_timeout``...) are not recorded. Writes run in a thread, so a slow
database does not stall downloads; one batch is written at a time. A batch the
database does not take (unreachable, or a document rejected) goes to the
spool and the crawl goes on; ``newscrawl replay`` writes it back later.

With ``NEWSCRAWL_DEDUPE`` on, the writer thread first assigns the batch's
near-duplicate clusters (:class:`newscrawl.pipelines.dedupe.BatchClusterer`,
one lookup for the whole batch) from what the dedupe stage left on each item
(``_cluster_lookup``), then writes the batch.

The item this stage hands on (to Scrapy's feed exports, ``-O items.jsonl``)
is the stored record as JSON can hold it (:func:`newscrawl.schema.to_record`):
the schema's fields only, dates as ISO 8601 UTC text; never the raw page.
The archive's bookkeeping of a URL (``first_seen``, ``last_seen``,
``fetch_count``, ``version``, ``cluster_id``) is decided when the batch is
written, after the item has left: the record carries them as this fetch
knows them (a first fetch: its own time, 1, 1; ``cluster_id`` null).

Stats: ``newscrawl/run_id``; ``newscrawl/store/inserted``, ``.../replaced``,
``.../<outcome>`` (new, changed, unchanged, not_modified, stale, unknown,
dropped: pages dropped as no article recorded),
``.../versions``, ``.../fetches``, ``.../pages``, ``.../pages_gridfs``,
``.../pages_refused/<reason>``, ``.../failed`` (documents rejected),
``.../unavailable`` (captures of batches the database did not take),
``.../spooled``, ``.../spool_failed`` (captures lost: even the disk refused),
``.../error`` (captures of a batch the writer failed on unexpectedly; spooled),
``newscrawl/dropped/document_too_large``.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pymongo.errors import PyMongoError
from scrapy import signals
from twisted.internet import task

from newscrawl.middlewares.incremental import not_modified
from newscrawl.pipelines.dedupe import CLUSTER_LOOKUP, BatchClusterer
from newscrawl.schema import document_id, to_document, to_record
from newscrawl.settings.paths import dir_under_data
from newscrawl.store.captures import DROPPED, Capture
from newscrawl.store.clusters import Signable
from newscrawl.store.dropped import records_drop
from newscrawl.store.mongo import ensure_indexes, open_database, parse_write_concern, target_of
from newscrawl.store.pages import PageLimits
from newscrawl.store.spool import Spool, SpoolFull
from newscrawl.store.versions import first_version
from newscrawl.store.writer import ArchiveWriter, FlushResult

logger = logging.getLogger(__name__)


def new_run_id(now: datetime | None = None) -> str:
    """Sortable and unique across machines: UTC start time plus random bits."""
    return f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:12]}"


def spool_dir(settings) -> Path:
    """``NEWSCRAWL_SPOOL_DIR``, else ``spool/`` under the data directory."""
    return dir_under_data(settings, "NEWSCRAWL_SPOOL_DIR", "spool")


def writer_from_settings(settings, db) -> ArchiveWriter:
    """The archive writer the settings describe (also used by the commands)."""
    return ArchiveWriter(
        db,
        write_concern=parse_write_concern(settings.get("NEWSCRAWL_MONGO_WRITE_CONCERN")),
        max_document_bytes=settings.getint("NEWSCRAWL_MONGO_MAX_DOCUMENT_BYTES"),
        store_pages=settings.getbool("NEWSCRAWL_ARCHIVE_PAGES"),
        page_limits=PageLimits(
            inline_max_bytes=settings.getint("NEWSCRAWL_PAGES_INLINE_MAX_BYTES"),
            max_bytes=settings.getint("NEWSCRAWL_PAGES_MAX_BYTES"),
            level=settings.getint("NEWSCRAWL_PAGES_ZSTD_LEVEL"),
        ),
    )


def capture_from_item(item: dict[str, Any], run_id: str | None) -> Capture:
    """The capture of a crawled item: its document plus what ``_page`` holds."""
    page = item.get("_page") or {}
    doc = to_document(item)
    doc["fetched_at"] = doc.get("fetched_at") or datetime.now(UTC)
    doc["http_etag"], doc["http_last_modified"] = page.get("etag"), page.get("last_modified")
    return Capture.from_document(
        doc,
        status=page.get("status"),
        run_id=run_id,
        body=page.get("body"),
        etag=page.get("etag"),
        last_modified=page.get("last_modified"),
        requested_id=page.get("requested_id"),
        extra={
            "hints": page.get("hints") or {},
            "declared_encoding": page.get("declared_encoding"),
        },
    )


def fetch_record(capture: Capture) -> dict[str, Any]:
    """The record of a captured article as a feed export writes it: the
    document with this fetch's bookkeeping (what a first fetch stores)."""
    return to_record(first_version(capture))


def dropped_capture(item: dict[str, Any], reason: str, run_id: str | None) -> Capture:
    """The capture of a page the pipelines dropped as no article: no document,
    no body; the HTTP facts of ``_page`` and the reason."""
    page = item.get("_page") or {}
    return Capture(
        url_id=document_id(item["url"]),
        fetched_at=item.get("fetched_at") or datetime.now(UTC),
        kind=DROPPED,
        url=item["url"],
        source=item.get("source"),
        status=page.get("status"),
        run_id=run_id,
        etag=page.get("etag"),
        last_modified=page.get("last_modified"),
        requested_id=page.get("requested_id"),
        reason=reason,
    )


class MongoWriterPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.batch_size = max(1, self.settings.getint("NEWSCRAWL_MONGO_BATCH_SIZE"))
        self.flush_interval = self.settings.getfloat("NEWSCRAWL_MONGO_FLUSH_INTERVAL")
        self.batch_bytes = self.settings.getint("NEWSCRAWL_STORE_BATCH_BODY_BYTES")
        self.buffer: list[Capture] = []
        self.buffered_bytes = 0
        # captures of the buffer waiting for their cluster, and what to look up
        self.cluster_lookups: list[tuple[Capture, Signable]] = []
        self.clusterer: BatchClusterer | None = None
        self.lock = asyncio.Lock()
        self.client = None
        self.writer: ArchiveWriter | None = None
        self.timer: task.LoopingCall | None = None
        self.run_id = new_run_id()
        # The spool names the database its captures are for: replay writes there.
        self.spool = Spool(spool_dir(self.settings), self.run_id, target=target_of(self.settings))

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.on_not_modified, signal=not_modified)
        crawler.signals.connect(pipeline.on_item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self) -> None:
        self.stats.set_value("newscrawl/run_id", self.run_id)
        self.client, db = open_database(self.settings)
        try:
            ensure_indexes(db)
        except PyMongoError as exc:
            logger.error("cannot create indexes (the database may be down): %s", exc)
        self.writer = writer_from_settings(self.settings, db)
        self.clusterer = BatchClusterer.from_settings(self.settings, db)
        if self.flush_interval > 0:
            self.timer = task.LoopingCall(self._timed_flush)
            self.timer.start(self.flush_interval, now=False)

    def _timed_flush(self):
        from scrapy.utils.defer import deferred_from_coro

        if self.buffer and not self.lock.locked():
            return deferred_from_coro(self.flush())
        return None

    def on_not_modified(self, capture: Capture) -> None:
        """A conditional re-check was answered 304: record the sighting."""
        capture.run_id = self.run_id
        self.buffer.append(capture)

    async def on_item_dropped(self, item: Any, exception: BaseException) -> None:
        """An earlier stage dropped a page: record it when the reason says what
        the page is, so the next runs skip it; a failure is not recorded."""
        reason = getattr(exception, "reason", None)
        if not records_drop(reason) or not isinstance(item, dict) or not item.get("url"):
            return
        self.buffer.append(dropped_capture(item, reason, self.run_id))
        if len(self.buffer) >= self.batch_size:
            await self.flush()

    async def process_item(self, item):
        capture = capture_from_item(item, self.run_id)
        self.buffer.append(capture)
        lookup = item.get(CLUSTER_LOOKUP)
        if lookup is not None and self.clusterer is not None:
            self.cluster_lookups.append((capture, lookup))
        self.buffered_bytes += len(capture.body or b"")
        if len(self.buffer) >= self.batch_size or 0 < self.batch_bytes <= self.buffered_bytes:
            await self.flush()
        return fetch_record(capture)

    async def flush(self) -> None:
        async with self.lock:
            batch, self.buffer, self.buffered_bytes = self.buffer, [], 0
            lookups, self.cluster_lookups = self.cluster_lookups, []
            if not batch:
                return
            if lookups and self.clusterer is not None:
                counts = await asyncio.to_thread(self.clusterer.assign, lookups)
                for key, n in counts.items():
                    self.stats.inc_value(f"newscrawl/dedupe/{key}", n)
            try:
                result = await asyncio.to_thread(self.writer.write, batch)
            except PyMongoError as exc:
                self.on_unavailable(batch, exc)
                return
            except Exception:  # a bug must not cost the batch: keep it for replay
                self.stats.inc_value("newscrawl/store/error", len(batch))
                logger.exception("writing a batch of %d captures failed; spooling it", len(batch))
                self.to_spool(batch)
                return
            self.record(result)

    def record(self, result: FlushResult) -> None:
        for key in ("inserted", "replaced", "versions", "fetches", "pages", "pages_gridfs"):
            self.stats.inc_value(f"newscrawl/store/{key}", getattr(result, key))
        for outcome, n in result.outcomes.items():
            self.stats.inc_value(f"newscrawl/store/{outcome}", n)
        for doc, message in result.failed:
            self.stats.inc_value("newscrawl/store/failed")
            logger.error("the database rejected %s: %s", doc.get("url"), message)
        for doc in result.too_large:
            self.stats.inc_value("newscrawl/dropped/document_too_large")
            logger.warning("document over the size limit, not stored: %s", doc.get("url"))
        for capture, reason in result.pages_refused:
            self.stats.inc_value(f"newscrawl/store/pages_refused/{reason}")
            logger.warning("raw page not stored (%s): %s", reason, capture.url)
        if result.retry:
            self.to_spool(result.retry)

    def on_unavailable(self, batch: list[Capture], exc: Exception) -> None:
        """The database did not take a whole batch: spool it, carry on."""
        self.stats.inc_value("newscrawl/store/unavailable", len(batch))
        logger.error("database unavailable, %d captures go to the spool: %s", len(batch), exc)
        self.to_spool(batch)

    def to_spool(self, captures: list[Capture]) -> None:
        unencodable = self.spool.unencodable
        try:
            self.stats.inc_value("newscrawl/store/spooled", self.spool.append(captures))
            if self.spool.unencodable > unencodable:
                lost = self.spool.unencodable - unencodable
                self.stats.inc_value("newscrawl/store/spool_failed", lost)
        except SpoolFull as exc:  # a full disk: what fit is kept, the rest is lost
            self.stats.inc_value("newscrawl/store/spooled", exc.written)
            self.stats.inc_value("newscrawl/store/spool_failed", len(captures) - exc.written)
            logger.critical(
                "spool %s is full: %d of %d captures kept, the rest lost: %s",
                self.spool.path, exc.written, len(captures), exc,
            )
        except OSError as exc:  # the last line of defence failed too: say so loudly
            self.stats.inc_value("newscrawl/store/spool_failed", len(captures))
            logger.critical(
                "cannot spool %d captures to %s: %s", len(captures), self.spool.path, exc
            )

    async def close_spider(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        await self.flush()
        self.spool.close()
        if self.spool.count:
            logger.warning(
                "%d captures are in the spool %s; run 'newscrawl replay' when the database is back",
                self.spool.count,
                self.spool.path,
            )
        if self.client is not None:
            self.client.close()
