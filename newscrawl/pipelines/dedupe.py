"""Near-duplicates stage: syndicated copies of one wire story share a ``cluster_id``.

Runs after the agencies stage (the credit line is out of the body by then, so
outlets crediting the same story differently still match) and before the
store. The clustering itself, persisted in MongoDB so that it holds across
runs and machines, is :class:`newscrawl.store.clusters.ClusterIndex`.

Settings: ``NEWSCRAWL_DEDUPE`` (off: NotConfigured), ``NEWSCRAWL_DEDUPE_THRESHOLD``,
``NEWSCRAWL_DEDUPE_NUM_PERM``, ``NEWSCRAWL_DEDUPE_SHINGLE_WORDS``.

Stats: ``newscrawl/dedupe/new_cluster``, ``.../joined`` (found its story),
``.../no_text``, ``.../unavailable`` (database down: stored without a cluster;
lookups pause for ``PAUSE_AFTER_FAILURE`` seconds so an outage does not cost a
timeout per article).
"""

from __future__ import annotations

import asyncio
import logging
import time

from pymongo.errors import PyMongoError
from scrapy.exceptions import NotConfigured

from newscrawl.schema import document_id
from newscrawl.store.clusters import ClusterIndex, ClusterParams
from newscrawl.store.mongo import open_database

logger = logging.getLogger(__name__)

PAUSE_AFTER_FAILURE = 30.0


def cluster_params(settings) -> ClusterParams:
    """Clustering parameters from the ``NEWSCRAWL_DEDUPE_*`` settings."""
    return ClusterParams(
        threshold=settings.getfloat("NEWSCRAWL_DEDUPE_THRESHOLD"),
        num_perm=settings.getint("NEWSCRAWL_DEDUPE_NUM_PERM"),
        shingle_words=settings.getint("NEWSCRAWL_DEDUPE_SHINGLE_WORDS"),
    )


class DedupePipeline:
    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_DEDUPE"):
            raise NotConfigured("NEWSCRAWL_DEDUPE is off")
        self.settings = settings
        self.stats = crawler.stats
        self.params = cluster_params(settings)
        self.lock = asyncio.Lock()  # one assignment at a time: copies in one run find each other
        self.client = None
        self.index: ClusterIndex | None = None
        self.paused_until = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.client, db = open_database(self.settings)
        self.index = ClusterIndex(db, self.params)

    async def process_item(self, item):
        text = item.get("text") or ""
        if not text.strip():
            self.stats.inc_value("newscrawl/dedupe/no_text")
            return item
        if time.monotonic() < self.paused_until:
            self.stats.inc_value("newscrawl/dedupe/unavailable")
            return item
        url_id = item.get("_id") or document_id(item["url"])
        async with self.lock:
            try:
                cluster_id = await asyncio.to_thread(self.index.assign, url_id, text)
            except PyMongoError as exc:
                self.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
                self.stats.inc_value("newscrawl/dedupe/unavailable")
                logger.error(
                    "near-duplicate lookup failed, %s stored without a cluster: %s",
                    item.get("url"),
                    exc,
                )
                return item
        item["cluster_id"] = cluster_id
        self.stats.inc_value(
            "newscrawl/dedupe/" + ("new_cluster" if cluster_id == url_id else "joined")
        )
        return item

    def close_spider(self) -> None:
        if self.client is not None:
            self.client.close()
