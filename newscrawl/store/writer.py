"""ArchiveWriter: batched, idempotent writes of article documents.

Plain pymongo, no Scrapy, so the crawl pipeline, ``newscrawl replay`` and
``newscrawl reextract`` write the same way. Every document is written whole
with ``ReplaceOne(upsert=True)`` keyed by ``_id`` (derived from the canonical
URL), so a second crawl of a page replaces rather than duplicates it, and
datetimes stay BSON dates (partial ``$set`` updates of dates are where some
MongoDB-compatible servers lose types). ``first_seen`` is carried over from
the stored document, looked up for a whole batch in one query.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import bson
from pymongo import ReplaceOne, WriteConcern
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from newscrawl.store.mongo import ARTICLES

logger = logging.getLogger(__name__)


@dataclass
class FlushResult:
    """What one flush did. ``failed`` documents were rejected by the server
    one by one (e.g. a validation error); ``too_large`` were never sent."""

    inserted: int = 0
    replaced: int = 0
    failed: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    too_large: list[dict[str, Any]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.inserted + self.replaced


class ArchiveWriter:
    """Writes article documents to the ``articles`` collection in batches."""

    def __init__(self, db: Database, *, write_concern: WriteConcern | None = None,
                 max_document_bytes: int = 15 * 1024 * 1024) -> None:
        self.db = db
        self.articles = db.get_collection(ARTICLES, write_concern=write_concern)
        self.max_document_bytes = max_document_bytes

    def existing(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Stored ``first_seen``/``content_hash`` of the given ids, one query."""
        cursor = self.articles.find({"_id": {"$in": list(ids)}},
                                    {"first_seen": 1, "content_hash": 1})
        return {doc["_id"]: doc for doc in cursor}

    def write(self, documents: Iterable[dict[str, Any]]) -> FlushResult:
        """Write one batch. Raises pymongo's connection errors (the caller
        keeps the batch); per-document rejections come back in the result."""
        result = FlushResult()
        batch: dict[str, dict[str, Any]] = {}
        for doc in documents:
            if len(bson.encode(doc)) > self.max_document_bytes:
                result.too_large.append(doc)
                continue
            earlier = batch.get(doc["_id"])
            if earlier is not None:  # same page twice in one batch: keep the later fetch
                doc["first_seen"] = earlier["first_seen"]
            batch[doc["_id"]] = doc
        if not batch:
            return result
        stored = self.existing(batch)
        for _id, doc in batch.items():
            previous = stored.get(_id)
            if previous is not None and previous.get("first_seen") is not None:
                doc["first_seen"] = previous["first_seen"]
            elif doc.get("first_seen") is None:
                doc["first_seen"] = doc.get("fetched_at")
        docs = list(batch.values())
        requests = [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs]
        try:
            outcome = self.articles.bulk_write(requests, ordered=False).bulk_api_result
        except BulkWriteError as exc:
            outcome = exc.details
            for error in outcome.get("writeErrors", []):
                result.failed.append((docs[error["index"]], str(error.get("errmsg"))))
        result.inserted = int(outcome.get("nUpserted", 0))
        result.replaced = int(outcome.get("nMatched", 0))
        return result
