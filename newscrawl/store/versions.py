"""What a capture does to the stored article: the archive's version rules.

Pure functions over documents, no database, so the rules can be read and
tested on their own; :class:`~newscrawl.store.writer.ArchiveWriter` looks the
stored documents up, applies these rules and writes the results whole.

* a URL seen for the first time becomes version 1;
* a fetch whose ``content_hash`` differs from the stored one moves the stored
  document to ``article_versions`` and replaces it (``version`` + 1);
* a fetch with the same content, or a 304, only records the sighting:
  ``last_seen`` and ``fetch_count`` change, no version is written;
* a capture not newer than the stored ``last_seen`` has been applied already
  (a spool replayed twice, a batch whose acknowledgement was lost): it changes
  nothing, so replays are idempotent - unless its content differs from the
  stored one: then it is an older version arriving late (a spool replayed
  after the next crawl) and is archived, outside the numbered sequence;
* a re-extraction that gives a different document (any schema field, not only
  the text) archives the previous extraction as a version too, so a result
  once cited can always be found again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newscrawl.store.captures import (
    FETCH,
    NOT_MODIFIED,
    REEXTRACT,
    Capture,
    stamp,
    to_millis,
    version_id,
)

NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"
STALE = "stale"
LATE = "late"  # an older fetch with other content, arriving after a newer one (spool replay)
REEXTRACTED = "reextracted"
RESTAMPED = "restamped"  # re-extraction gave the same document; only `extractor` changes
UNKNOWN = "unknown"  # a 304 for a URL that is not in the archive

#: Fields the archive maintains itself; they never make two extractions differ.
BOOKKEEPING = frozenset(
    {
        "_id",
        "fetched_at",
        "first_seen",
        "last_seen",
        "fetch_count",
        "version",
        "http_etag",
        "http_last_modified",
        "cluster_id",
    }
)


@dataclass
class Applied:
    """Result of one capture: the document to write (if any), the previous
    version to archive (if any) and whether the raw page is worth keeping."""

    outcome: str
    article: dict[str, Any] | None = None
    archived: dict[str, Any] | None = None
    store_page: bool = False


def _version(doc: dict[str, Any]) -> int:
    return int(doc.get("version") or 1)


def _last_seen(doc: dict[str, Any]) -> Any:
    return doc.get("last_seen") or doc.get("fetched_at") or doc.get("first_seen")


def archived_version(stored: dict[str, Any], capture: Capture, reason: str) -> dict[str, Any]:
    """The stored document as an entry of ``article_versions``."""
    entry = dict(stored)
    entry["_id"] = version_id(stored["_id"], _version(stored))
    entry["url_id"] = stored["_id"]
    entry["version"] = _version(stored)
    # a re-extraction happens now, not at the time of the page it reads
    entry["superseded_at"] = (
        to_millis(datetime.now(UTC)) if reason == REEXTRACTED else capture.fetched_at
    )
    entry["superseded_reason"] = reason
    return entry


def late_version(capture: Capture) -> dict[str, Any]:
    """An older fetch with other content than the current article, written
    after it (a spool replayed after the next crawl): kept in
    ``article_versions`` outside the numbered sequence, keyed by its fetch."""
    entry = dict(capture.doc or {})
    entry.update(
        _id=f"{capture.url_id}@{stamp(capture.fetched_at)}",
        url_id=capture.url_id,
        version=None,
        superseded_at=capture.fetched_at,
        superseded_reason=LATE,
        http_etag=capture.etag,
        http_last_modified=capture.last_modified,
    )
    return entry


def extraction_differs(
    stored: dict[str, Any], doc: dict[str, Any], *, ignore: frozenset[str] | set[str] = frozenset()
) -> bool:
    """Whether two documents differ in anything but archive bookkeeping."""
    keys = (set(stored) | set(doc)) - BOOKKEEPING - set(ignore)
    return any(stored.get(k) != doc.get(k) for k in keys)


def apply_capture(
    stored: dict[str, Any] | None, capture: Capture, *, recorded: bool = False
) -> Applied:
    """What ``capture`` does to the ``stored`` article (None: not archived).
    ``recorded``: the fetch log holds this capture already (it was applied)."""
    if capture.kind == REEXTRACT:
        return _reextract(stored, capture)
    if stored is None:
        if capture.kind == NOT_MODIFIED:
            return Applied(UNKNOWN)
        return Applied(NEW, first_version(capture), store_page=True)
    if _last_seen(stored) is not None and capture.fetched_at <= _last_seen(stored):
        if (
            capture.kind == FETCH
            and not recorded
            and (capture.doc or {}).get("content_hash") != stored.get("content_hash")
        ):
            return Applied(LATE, archived=late_version(capture), store_page=True)
        return Applied(STALE)
    if capture.kind == NOT_MODIFIED:
        return Applied(NOT_MODIFIED, _sighting(stored, capture))
    assert capture.kind == FETCH and capture.doc is not None
    if capture.doc.get("content_hash") == stored.get("content_hash"):
        return Applied(UNCHANGED, _sighting(stored, capture))
    doc = dict(capture.doc)
    doc.update(
        first_seen=stored.get("first_seen") or doc.get("first_seen") or capture.fetched_at,
        last_seen=capture.fetched_at,
        fetch_count=int(stored.get("fetch_count") or 1) + 1,
        version=_version(stored) + 1,
        http_etag=capture.etag,
        http_last_modified=capture.last_modified,
        cluster_id=doc.get("cluster_id") or stored.get("cluster_id"),
    )
    return Applied(CHANGED, doc, archived_version(stored, capture, CHANGED), store_page=True)


def first_version(capture: Capture) -> dict[str, Any]:
    """The document a URL's first capture stores (also the record a feed export
    gets of a capture: the archive's bookkeeping is applied after it left)."""
    doc = dict(capture.doc or {})
    doc.update(
        first_seen=doc.get("first_seen") or capture.fetched_at,
        last_seen=capture.fetched_at,
        fetch_count=1,
        version=1,
        http_etag=capture.etag,
        http_last_modified=capture.last_modified,
    )
    return doc


def _sighting(stored: dict[str, Any], capture: Capture) -> dict[str, Any]:
    """The stored document, seen again: same version, newer ``last_seen``.
    Validators of the newest fetch are kept for the next conditional request
    (a 304 carries them too, and may update them)."""
    doc = dict(stored)
    doc["last_seen"] = capture.fetched_at
    doc["fetch_count"] = int(stored.get("fetch_count") or 1) + 1
    doc["version"] = _version(stored)
    doc["http_etag"] = capture.etag or stored.get("http_etag")
    doc["http_last_modified"] = capture.last_modified or stored.get("http_last_modified")
    return doc


def _reextract(stored: dict[str, Any] | None, capture: Capture) -> Applied:
    assert capture.doc is not None
    if stored is None:
        return Applied(NEW, first_version(capture))
    if not extraction_differs(stored, capture.doc, ignore={"extractor"}):
        if stored.get("extractor") == capture.doc.get("extractor"):
            return Applied(UNCHANGED)
        # same result from a newer extractor: record which code vouches for it
        return Applied(RESTAMPED, {**stored, "extractor": capture.doc.get("extractor")})
    doc = dict(capture.doc)
    for key in ("first_seen", "last_seen", "fetch_count", "http_etag", "http_last_modified"):
        doc[key] = stored.get(key)
    doc["fetched_at"] = stored.get("fetched_at") or capture.fetched_at
    doc["cluster_id"] = doc.get("cluster_id") or stored.get("cluster_id")
    doc["version"] = _version(stored) + 1
    return Applied(REEXTRACTED, doc, archived_version(stored, capture, REEXTRACTED))
