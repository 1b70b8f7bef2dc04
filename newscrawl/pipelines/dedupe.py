"""Near-duplicates stage: syndicated copies of one wire story share a ``cluster_id``.

Runs after the agencies stage (the credit line is out of the body by then, so
outlets crediting the same story differently still match) and before the
store. The clustering itself, persisted in MongoDB so that it holds across
runs and machines, is :class:`newscrawl.store.clusters.ClusterIndex`.

Lookups are batched: one lookup per article meant four database round trips
per article, serialised (copies in one run must see each other), and the
archive server spent more CPU on them than on storing the articles. Articles
wait (at most ``NEWSCRAWL_DEDUPE_BATCH_WAIT`` seconds, and while the previous
batch is looked up) and are assigned ``NEWSCRAWL_DEDUPE_BATCH_SIZE`` at a time
with :meth:`~newscrawl.store.clusters.ClusterIndex.assign_many`, in arrival
order, in a thread, one batch at a time: the clusters are those one-by-one
assignment gives. The MinHash signature comes from the extraction worker
(``_signature``) when the text is still the one it signed; otherwise (the
agencies stage took a credit line out) it is made in the lookup thread.

Settings: ``NEWSCRAWL_DEDUPE`` (off: NotConfigured), ``NEWSCRAWL_DEDUPE_THRESHOLD``,
``NEWSCRAWL_DEDUPE_NUM_PERM``, ``NEWSCRAWL_DEDUPE_SHINGLE_WORDS``,
``NEWSCRAWL_DEDUPE_BATCH_SIZE``, ``NEWSCRAWL_DEDUPE_BATCH_WAIT``.

Stats: ``newscrawl/dedupe/new_cluster``, ``.../joined`` (found its story),
``.../no_text``, ``.../unavailable`` (database down: stored without a cluster;
lookups pause for ``PAUSE_AFTER_FAILURE`` seconds so an outage does not cost a
timeout per batch), ``.../batches`` (lookups made), ``.../signed_here`` (the
worker's signature did not fit the text and was made again).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from pymongo.errors import PyMongoError
from scrapy.exceptions import NotConfigured

from newscrawl.schema import document_id
from newscrawl.store.clusters import ClusterIndex, ClusterParams, TextSignature, minhash_of
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


class _Waiting:
    """An article waiting for its batch: what to look up, and where the answer goes."""

    __slots__ = ("url_id", "text_or_minhash", "url", "future")

    def __init__(self, url_id: str, text_or_minhash: Any, url: str, future: asyncio.Future) -> None:
        self.url_id, self.text_or_minhash, self.url, self.future = url_id, text_or_minhash, url, future


class DedupePipeline:
    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_DEDUPE"):
            raise NotConfigured("NEWSCRAWL_DEDUPE is off")
        self.settings = settings
        self.stats = crawler.stats
        self.params = cluster_params(settings)
        self.batch_size = max(1, settings.getint("NEWSCRAWL_DEDUPE_BATCH_SIZE", 100))
        self.batch_wait = max(0.0, settings.getfloat("NEWSCRAWL_DEDUPE_BATCH_WAIT", 0.05))
        self.waiting: list[_Waiting] = []
        # one lookup task at a time, in arrival order: copies in one run find each other
        self.lookups: asyncio.Task | None = None
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
        made: TextSignature | None = item.pop("_signature", None)
        text = item.get("text") or ""
        if not text.strip():
            self.stats.inc_value("newscrawl/dedupe/no_text")
            return item
        if time.monotonic() < self.paused_until:
            self.stats.inc_value("newscrawl/dedupe/unavailable")
            return item
        url_id = item.get("_id") or document_id(item["url"])
        if made is not None and made.params == self.params and made.text == text:
            text_or_minhash: Any = minhash_of(made)
            if text_or_minhash is None:
                self.stats.inc_value("newscrawl/dedupe/no_text")
                return item
        else:
            text_or_minhash = text  # signed in the lookup thread
            self.stats.inc_value("newscrawl/dedupe/signed_here")
        future = asyncio.get_running_loop().create_future()
        self.waiting.append(_Waiting(url_id, text_or_minhash, item.get("url"), future))
        if self.lookups is None or self.lookups.done():
            self.lookups = asyncio.ensure_future(self._look_up_waiting())
        cluster_id = await future
        if cluster_id is _UNAVAILABLE:
            self.stats.inc_value("newscrawl/dedupe/unavailable")
            return item
        item["cluster_id"] = cluster_id
        if cluster_id is None:
            self.stats.inc_value("newscrawl/dedupe/no_text")
        else:
            self.stats.inc_value(
                "newscrawl/dedupe/" + ("new_cluster" if cluster_id == url_id else "joined")
            )
        return item

    async def _look_up_waiting(self) -> None:
        """Assign clusters to the waiting articles, a batch at a time, until none wait."""
        while self.waiting:
            if self.batch_wait and len(self.waiting) < self.batch_size:
                await asyncio.sleep(self.batch_wait)
            batch, self.waiting = self.waiting[: self.batch_size], self.waiting[self.batch_size :]
            if time.monotonic() < self.paused_until:
                clusters: list[Any] = [_UNAVAILABLE] * len(batch)
            else:
                self.stats.inc_value("newscrawl/dedupe/batches")
                try:
                    clusters = await asyncio.to_thread(
                        self.index.assign_many, [(w.url_id, w.text_or_minhash) for w in batch]
                    )
                except PyMongoError as exc:
                    self.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
                    logger.error(
                        "near-duplicate lookup failed, %d articles (%s, ...) stored without a cluster: %s",
                        len(batch),
                        batch[0].url,
                        exc,
                    )
                    clusters = [_UNAVAILABLE] * len(batch)
                except Exception as exc:  # noqa: BLE001 - a bug must not leave items waiting forever
                    for waiting in batch:
                        if not waiting.future.done():
                            waiting.future.set_exception(exc)
                    continue
            for waiting, cluster_id in zip(batch, clusters):
                if not waiting.future.done():
                    waiting.future.set_result(cluster_id)

    async def close_spider(self) -> None:
        if self.lookups is not None:
            await self.lookups
        if self.client is not None:
            self.client.close()


#: The answer for an article whose lookup failed (None means "text without words").
_UNAVAILABLE: Any = object()
