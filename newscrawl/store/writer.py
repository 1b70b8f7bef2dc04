"""ArchiveWriter: batched, idempotent writes of article captures.

Plain pymongo, no Scrapy, so the crawl pipeline, ``newscrawl replay`` and
``newscrawl reextract`` write the same way. For one batch the writer

1. looks up the stored articles of the whole batch in one ``$in`` query (and
   the batch's fetch ids in the ``fetches`` log, to recognise a replay),
2. applies the version rules of :mod:`newscrawl.store.versions` in fetch order,
3. writes, in this order, raw pages (``pages``, large bodies to GridFS),
   previous versions (``article_versions``), the articles, the states of
   pages the pipelines dropped (``dropped_pages``, :mod:`newscrawl.store.dropped`)
   and the fetch log (``fetches``), each as one unordered bulk of
   whole-document ``ReplaceOne(upsert=True)`` with deterministic ids.

Whole documents keep datetimes BSON dates (partial ``$set`` updates of dates
are where some MongoDB-compatible servers lose types); deterministic ids and
the order above make a batch safe to write again after a failure at any
point: a previous version is archived before the article that replaces it,
and a capture whose article already shows it as ``last_seen`` changes nothing.

Connection errors are raised (the caller spools the batch). A document the
server rejects comes back in :attr:`FlushResult.retry` with every other
capture of its URL in the batch, and nothing later is written for that URL.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import bson
from bson.errors import InvalidDocument
from pymongo import ReplaceOne, WriteConcern
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError

from newscrawl.store.captures import DROPPED, REEXTRACT, Capture
from newscrawl.store.dropped import apply_drop
from newscrawl.store.mongo import ARTICLES, DROPPED_PAGES, FETCHES, URL_ALIASES, VERSIONS
from newscrawl.store.pages import PageLimits, PageStore
from newscrawl.store.versions import Applied, apply_capture

logger = logging.getLogger(__name__)


@dataclass
class FlushResult:
    """What one flush did. ``failed`` documents were rejected by the server
    one by one (e.g. a validation error; their captures are in ``retry``) or
    cannot be encoded as BSON at all (not retried: they never will be);
    ``too_large`` were never sent. ``outcomes`` counts the version rule that
    applied to each capture (new, changed, unchanged, not_modified, stale,
    dropped...)."""

    inserted: int = 0
    replaced: int = 0
    failed: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    too_large: list[dict[str, Any]] = field(default_factory=list)
    retry: list[Capture] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    versions: int = 0
    fetches: int = 0
    pages: int = 0
    pages_gridfs: int = 0
    pages_refused: list[tuple[Capture, str]] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.inserted + self.replaced


@dataclass
class _Plan:
    """The writes one batch needs, grouped by collection, with the captures
    behind each URL (so a rejected write sends all of them to ``retry``)."""

    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    dropped: dict[str, dict[str, Any]] = field(default_factory=dict)
    fetches: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, dict[str, Any]] = field(default_factory=dict)
    captures: dict[str, list[Capture]] = field(default_factory=lambda: defaultdict(list))


class ArchiveWriter:
    """Writes article captures (or plain documents) to the archive in batches."""

    def __init__(
        self,
        db: Database,
        *,
        write_concern: WriteConcern | None = None,
        max_document_bytes: int = 15 * 1024 * 1024,
        store_pages: bool = True,
        page_limits: PageLimits | None = None,
    ) -> None:
        self.db = db
        self.articles = db.get_collection(ARTICLES, write_concern=write_concern)
        self.versions = db.get_collection(VERSIONS, write_concern=write_concern)
        self.fetches = db.get_collection(FETCHES, write_concern=write_concern)
        self.aliases = db.get_collection(URL_ALIASES, write_concern=write_concern)
        self.dropped = db.get_collection(DROPPED_PAGES, write_concern=write_concern)
        self.page_store = (
            PageStore(db, page_limits, write_concern=write_concern) if store_pages else None
        )
        self.max_document_bytes = max_document_bytes

    def existing(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Stored articles of the given ids, whole, in one query."""
        return {doc["_id"]: doc for doc in self.articles.find({"_id": {"$in": list(ids)}})}

    def dropped_states(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Stored ``dropped_pages`` entries of the given ids (no query for none)."""
        ids = list(ids)
        if not ids:
            return {}
        return {doc["_id"]: doc for doc in self.dropped.find({"_id": {"$in": ids}})}

    def write(self, entries: Iterable[Capture | dict[str, Any]]) -> FlushResult:
        """Write one batch of captures; a plain document counts as a fetch of
        itself at its ``fetched_at``. Raises pymongo's connection errors (the
        caller keeps the batch); per-document rejections come back in the result."""
        result = FlushResult()
        captures = self._admit(entries, result)
        if not captures:
            return result
        plan = self._plan(
            captures,
            self.existing({c.url_id for c in captures if c.kind != DROPPED}),
            self.dropped_states({c.url_id for c in captures if c.kind == DROPPED}),
            result,
        )
        refused: set[str] = set()
        if self.page_store is not None and plan.pages:
            pages = self.page_store.missing(plan.pages)
            refused |= self._bulk(self.page_store.pages, pages, plan, result)
            result.pages = sum(1 for p in pages.values() if p["url_id"] not in refused)
        refused |= self._bulk(self.versions, plan.versions, plan, result, skip=refused)
        result.versions = sum(1 for v in plan.versions.values() if v["url_id"] not in refused)
        refused |= self._write_articles(plan, result, skip=refused)
        refused |= self._bulk(self.dropped, plan.dropped, plan, result, skip=refused)
        self._bulk(self.aliases, plan.aliases, plan, result, skip=refused)
        self._bulk(self.fetches, plan.fetches, plan, result, skip=refused)
        result.fetches = sum(1 for f in plan.fetches.values() if f["url_id"] not in refused)
        return result

    def _admit(
        self, entries: Iterable[Capture | dict[str, Any]], result: FlushResult
    ) -> list[Capture]:
        captures = []
        for entry in entries:
            capture = entry if isinstance(entry, Capture) else Capture.from_document(entry)
            if capture.doc is not None:
                try:
                    size = len(bson.encode(capture.doc))
                except (InvalidDocument, OverflowError) as exc:  # a stage produced a bad value
                    result.failed.append((capture.doc, f"not storable as BSON: {exc}"))
                    continue
                if size > self.max_document_bytes:
                    result.too_large.append(capture.doc)
                    continue
            captures.append(capture)
        # several fetches of one URL in a batch apply in the order they happened
        return sorted(captures, key=lambda c: c.fetched_at)

    def _plan(
        self,
        captures: list[Capture],
        stored: dict[str, dict[str, Any]],
        dropped: dict[str, dict[str, Any]],
        result: FlushResult,
    ) -> _Plan:
        plan, current, dropped = _Plan(), dict(stored), dict(dropped)
        recorded = self._recorded([c for c in captures if c.url_id in stored])
        for capture in captures:
            if capture.kind == DROPPED:
                self._plan_drop(capture, dropped, plan, result)
                continue
            applied = apply_capture(
                current.get(capture.url_id), capture, recorded=capture.fetch_id in recorded
            )
            result.outcomes[applied.outcome] += 1
            plan.captures[capture.url_id].append(capture)
            if applied.archived is not None:
                plan.versions[applied.archived["_id"]] = applied.archived
            if applied.article is not None:
                applied.article["_id"] = capture.url_id
                current[capture.url_id] = plan.articles[capture.url_id] = applied.article
            if applied.store_page and self.page_store is not None:
                self._plan_page(capture, applied, plan, result)
            if capture.kind != REEXTRACT:
                record = fetch_record(capture, applied.outcome, current.get(capture.url_id))
                plan.fetches[record["_id"]] = record
            if capture.requested_id and capture.requested_id != capture.url_id:
                plan.aliases[capture.requested_id] = {
                    "_id": capture.requested_id,
                    "url_id": capture.url_id,
                }
        return plan

    def _plan_drop(
        self, capture: Capture, dropped: dict[str, dict[str, Any]], plan: _Plan, result: FlushResult
    ) -> None:
        """A page the pipelines dropped: its ``dropped_pages`` state and a fetch
        log entry (also for a stale one: its record is rewritten as it was)."""
        outcome, state = apply_drop(dropped.get(capture.url_id), capture)
        result.outcomes[outcome] += 1
        plan.captures[capture.url_id].append(capture)
        if state is not None:
            dropped[capture.url_id] = plan.dropped[capture.url_id] = state
        record = fetch_record(capture, outcome, None)
        plan.fetches[record["_id"]] = record
        if capture.requested_id and capture.requested_id != capture.url_id:
            plan.aliases[capture.requested_id] = {
                "_id": capture.requested_id,
                "url_id": capture.url_id,
            }

    def _recorded(self, captures: list[Capture]) -> set[str]:
        """Fetch ids of ``captures`` already in the log: applied before (the
        log is written last), so a replay tells them from late arrivals."""
        if not captures:
            return set()
        ids = [c.fetch_id for c in captures]
        return {d["_id"] for d in self.fetches.find({"_id": {"$in": ids}}, {"_id": 1})}

    def _plan_page(
        self, capture: Capture, applied: Applied, plan: _Plan, result: FlushResult
    ) -> None:
        version = applied.article if applied.article is not None else applied.archived
        assert self.page_store is not None and version is not None
        page, reason = self.page_store.page_document(capture, version)
        if page is None:
            result.pages_refused.append((capture, reason))
            return
        plan.pages[page["_id"]] = page
        result.pages_gridfs += page["gridfs_id"] is not None

    def _write_articles(self, plan: _Plan, result: FlushResult, *, skip: set[str]) -> set[str]:
        docs = [d for i, d in plan.articles.items() if i not in skip]
        if not docs:
            return set()
        outcome, errors = _replace_all(self.articles, docs)
        result.inserted += int(outcome.get("nUpserted", 0))
        result.replaced += int(outcome.get("nMatched", 0))
        for doc, message in errors:
            result.failed.append((doc, message))
            result.retry.extend(plan.captures[doc["_id"]])
        return {doc["_id"] for doc, _ in errors}

    def _bulk(
        self,
        collection: Collection,
        docs: dict[str, dict[str, Any]],
        plan: _Plan,
        result: FlushResult,
        *,
        skip: AbstractSet[str] = frozenset(),
    ) -> set[str]:
        """Write auxiliary documents; the URLs of rejected ones are returned so
        that nothing depending on them (the article replacing an unarchived
        version) is written, and their captures go to ``retry``."""
        todo = [d for d in docs.values() if d["url_id"] not in skip]
        if not todo:
            return set()
        _, errors = _replace_all(collection, todo)
        refused = set()
        for doc, message in errors:
            logger.error("the database rejected %s %s: %s", collection.name, doc["_id"], message)
            if doc["url_id"] not in refused and doc["url_id"] not in skip:
                result.retry.extend(plan.captures[doc["url_id"]])
            refused.add(doc["url_id"])
        return refused


def _replace_all(
    collection: Collection, docs: list[dict[str, Any]]
) -> tuple[Mapping[str, Any], list[tuple[dict[str, Any], str]]]:
    requests = [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs]
    try:
        return collection.bulk_write(requests, ordered=False).bulk_api_result, []
    except BulkWriteError as exc:
        errors = [
            (docs[e["index"]], str(e.get("errmsg"))) for e in exc.details.get("writeErrors", [])
        ]
        return exc.details, errors


def fetch_record(capture: Capture, outcome: str, article: dict[str, Any] | None) -> dict[str, Any]:
    """The ``fetches`` log entry of a capture: provenance of every version,
    and of every page dropped as no article (``reason``; null otherwise)."""
    current = article or {}
    return {
        "_id": capture.fetch_id,
        "url_id": capture.url_id,
        "url": capture.url,
        "source": capture.source,
        "run_id": capture.run_id,
        "fetched_at": capture.fetched_at,
        "status": capture.status,
        "kind": capture.kind,
        "outcome": outcome,
        "reason": capture.reason,
        "content_hash": (capture.doc or current).get("content_hash"),
        "version": current.get("version"),
        "etag": capture.etag,
        "last_modified": capture.last_modified,
    }
