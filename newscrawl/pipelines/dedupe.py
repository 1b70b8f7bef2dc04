"""Near-duplicates stage: syndicated copies of one wire story share a ``cluster_id``.

Runs after the agencies stage (the credit line is out of the body by then, so
outlets crediting the same story differently still match) and before the
store. The clustering itself, persisted in MongoDB so that it holds across
runs and machines, is :class:`newscrawl.store.clusters.ClusterIndex`.

The stage (:class:`DedupePipeline`) only gets each article ready for its
lookup and lets it go on at once: it keeps the MinHash signature and band
keys the extraction worker made (``_signature``, of the text as the agencies
stage leaves it) when the text is still the one the worker signed, or else
the text (signed at lookup time, with numpy: counted as ``signed_here``), under ``_cluster_lookup``. The
lookup itself (:class:`BatchClusterer`) runs when the store pipeline writes
its batch, in its writer thread and before the batch is written: one lookup
per store batch (``NEWSCRAWL_MONGO_BATCH_SIZE`` articles), in arrival order,
so copies in one batch find each other and the clusters are those one-by-one
assignment gives.

Before, articles waited in this stage (``NEWSCRAWL_DEDUPE_BATCH_WAIT``, 0.05 s)
to be looked up together; at the 15-30 articles a second a crawl stores, a
lookup took 2-3 articles, and each cost four database round trips (about
1 ms of the archive server's CPU and 0.9 ms of the crawl process's per
article, bench/throughput.py). A longer wait would have held the waiting
articles' responses in Scrapy's scraper slot (``SCRAPER_SLOT_MAX_ACTIVE_SIZE``,
5 MB), which stops downloads.

Settings: ``NEWSCRAWL_DEDUPE`` (off: NotConfigured), ``NEWSCRAWL_DEDUPE_THRESHOLD``,
``NEWSCRAWL_DEDUPE_NUM_PERM``, ``NEWSCRAWL_DEDUPE_SHINGLE_WORDS``.

Stats: ``newscrawl/dedupe/new_cluster``, ``.../joined`` (found its story),
``.../no_text``, ``.../unavailable`` (database down: stored without a cluster;
lookups pause for ``PAUSE_AFTER_FAILURE`` seconds so an outage does not cost a
timeout per batch), ``.../error`` (a bug in the lookup: stored without a
cluster, logged), ``.../batches`` (lookups made), ``.../signed_here`` (the
worker's signature did not fit the text and was made again).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pymongo.database import Database
from pymongo.errors import PyMongoError
from scrapy.exceptions import NotConfigured

from newscrawl.store.captures import Capture
from newscrawl.store.clusters import (
    ClusterIndex,
    ClusterParams,
    Signable,
    TextSignature,
    signature_of,
)

logger = logging.getLogger(__name__)

PAUSE_AFTER_FAILURE = 30.0
#: Item key of what the store's batch lookup needs: a Signature or the text.
CLUSTER_LOOKUP = "_cluster_lookup"


def cluster_params(settings) -> ClusterParams:
    """Clustering parameters from the ``NEWSCRAWL_DEDUPE_*`` settings."""
    return ClusterParams(
        threshold=settings.getfloat("NEWSCRAWL_DEDUPE_THRESHOLD"),
        num_perm=settings.getint("NEWSCRAWL_DEDUPE_NUM_PERM"),
        shingle_words=settings.getint("NEWSCRAWL_DEDUPE_SHINGLE_WORDS"),
    )


class DedupePipeline:
    """Readies every article for the near-duplicate lookup of its store batch."""

    def __init__(self, crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_DEDUPE"):
            raise NotConfigured("NEWSCRAWL_DEDUPE is off")
        self.stats = crawler.stats
        self.params = cluster_params(settings)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        made: TextSignature | None = item.pop("_signature", None)
        text = item.get("text") or ""
        if not text.strip():
            self.stats.inc_value("newscrawl/dedupe/no_text")
            return item
        lookup: Signable
        if made is not None and made.params == self.params and made.text == text:
            lookup = signature_of(made)
            if lookup is None:
                self.stats.inc_value("newscrawl/dedupe/no_text")
                return item
        else:
            lookup = text  # signed in the store's writer thread
            self.stats.inc_value("newscrawl/dedupe/signed_here")
        item[CLUSTER_LOOKUP] = lookup
        return item


class BatchClusterer:
    """The cluster lookup of one store batch (see the module documentation).

    :meth:`assign` runs in the store's writer thread and returns its counts
    (``new_cluster``, ``joined``, ...) for the crawl stats, which the caller
    adds in the reactor thread."""

    def __init__(self, db: Database, params: ClusterParams) -> None:
        self.index = ClusterIndex(db, params)
        self.paused_until = 0.0

    @classmethod
    def from_settings(cls, settings, db: Database) -> BatchClusterer | None:
        """None when ``NEWSCRAWL_DEDUPE`` is off."""
        if not settings.getbool("NEWSCRAWL_DEDUPE"):
            return None
        return cls(db, cluster_params(settings))

    def assign(self, lookups: Sequence[tuple[Capture, Signable]]) -> Counter:
        """Set ``cluster_id`` in the documents of the captures, in order.
        A lookup that fails leaves them without one (``newscrawl cluster``
        gives them one later; a batch spooled as well is clustered by
        ``newscrawl replay``)."""
        counts: Counter = Counter()
        if not lookups:
            return counts
        if time.monotonic() < self.paused_until:
            counts["unavailable"] += len(lookups)
            return counts
        counts["batches"] += 1
        try:
            clusters: list[Any] = self.index.assign_many([(c.url_id, lookup) for c, lookup in lookups])
        except PyMongoError as exc:
            self.paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
            logger.error("near-duplicate lookup failed, %d articles (%s, ...) stored without a cluster: %s",
                         len(lookups), lookups[0][0].url, exc)
            counts["unavailable"] += len(lookups)
            return counts
        except Exception:  # a bug here must not cost the batch its archive write
            logger.exception("near-duplicate lookup failed on %d articles; stored without a cluster",
                             len(lookups))
            counts["error"] += len(lookups)
            return counts
        for (capture, _), cluster_id in zip(lookups, clusters):
            if cluster_id is None:
                counts["no_text"] += 1
                continue
            if capture.doc is not None:
                capture.doc["cluster_id"] = cluster_id
            counts["new_cluster" if cluster_id == capture.url_id else "joined"] += 1
        return counts
