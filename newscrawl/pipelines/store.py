"""Store stage: batched writes of the archive documents to MongoDB.

Settings (defaults in ``newscrawl/settings/defaults.py``):
``NEWSCRAWL_MONGO_URI`` (env var of the same name wins; empty: the embedded
nx-27017 server), ``NEWSCRAWL_MONGO_DATABASE``, ``NEWSCRAWL_MONGO_BATCH_SIZE``,
``NEWSCRAWL_MONGO_FLUSH_INTERVAL``, ``NEWSCRAWL_MONGO_WRITE_CONCERN``,
``NEWSCRAWL_MONGO_MAX_DOCUMENT_BYTES``.

Writes run in a thread, so a slow database does not stall downloads; one
batch is written at a time. Stats: ``newscrawl/store/inserted``,
``.../replaced``, ``.../failed``, ``newscrawl/dropped/too_large``,
``newscrawl/store/unavailable`` (batches the database did not take).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from pymongo.errors import PyMongoError
from twisted.internet import task

from newscrawl.schema import to_document
from newscrawl.store.mongo import ensure_indexes, open_database, parse_write_concern
from newscrawl.store.writer import ArchiveWriter, FlushResult

logger = logging.getLogger(__name__)


class MongoWriterPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.batch_size = max(1, self.settings.getint("NEWSCRAWL_MONGO_BATCH_SIZE"))
        self.flush_interval = self.settings.getfloat("NEWSCRAWL_MONGO_FLUSH_INTERVAL")
        self.buffer: list[dict[str, Any]] = []
        self.lock = asyncio.Lock()
        self.client = None
        self.writer: ArchiveWriter | None = None
        self.timer: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.client, db = open_database(self.settings)
        try:
            ensure_indexes(db)
        except PyMongoError as exc:
            logger.error("cannot create indexes (the database may be down): %s", exc)
        self.writer = ArchiveWriter(
            db,
            write_concern=parse_write_concern(self.settings.get("NEWSCRAWL_MONGO_WRITE_CONCERN")),
            max_document_bytes=self.settings.getint("NEWSCRAWL_MONGO_MAX_DOCUMENT_BYTES"),
        )
        if self.flush_interval > 0:
            self.timer = task.LoopingCall(self._timed_flush)
            self.timer.start(self.flush_interval, now=False)

    def _timed_flush(self):
        from scrapy.utils.defer import deferred_from_coro

        if self.buffer and not self.lock.locked():
            return deferred_from_coro(self.flush())
        return None

    async def process_item(self, item):
        self.buffer.append(to_document(item))
        if len(self.buffer) >= self.batch_size:
            await self.flush()
        return item

    async def flush(self) -> None:
        async with self.lock:
            batch, self.buffer = self.buffer, []
            if not batch:
                return
            try:
                result = await asyncio.to_thread(self.writer.write, batch)
            except PyMongoError as exc:
                self.on_unavailable(batch, exc)
                return
            self.record(result)

    def record(self, result: FlushResult) -> None:
        self.stats.inc_value("newscrawl/store/inserted", result.inserted)
        self.stats.inc_value("newscrawl/store/replaced", result.replaced)
        for doc, message in result.failed:
            self.stats.inc_value("newscrawl/store/failed")
            logger.error("the database rejected %s: %s", doc.get("url"), message)
        for doc in result.too_large:
            self.stats.inc_value("newscrawl/dropped/too_large")
            logger.warning("document over the size limit, not stored: %s", doc.get("url"))

    def on_unavailable(self, batch: list[dict[str, Any]], exc: Exception) -> None:
        """The database did not take a whole batch."""
        self.stats.inc_value("newscrawl/store/unavailable", len(batch))
        logger.error("database unavailable, %d documents not written: %s", len(batch), exc)

    async def close_spider(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        await self.flush()
        if self.client is not None:
            self.client.close()
