"""A capture: one fetch (or re-extraction) of an article, as the archive records it.

The crawl pipeline, the spool, ``newscrawl replay`` and ``newscrawl reextract``
all hand the :class:`~newscrawl.store.writer.ArchiveWriter` captures, so the
version, fetch-log and raw-page rules live in one place. No Scrapy here.

Times are cut to whole milliseconds when a capture is made: BSON dates hold
milliseconds, and the writer recognises a capture it has already applied (a
replay after an outage) by comparing its time with the stored ``last_seen``;
a microsecond left over would make the same fetch look newer than itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: A page fetched with content (HTTP 200 and friends).
FETCH = "fetch"
#: A conditional re-check answered 304 Not Modified: no content, just a sighting.
NOT_MODIFIED = "not_modified"
#: A stored page run through the extraction chain again; no network involved.
REEXTRACT = "reextract"
#: A page fetched and dropped by the pipelines as no article (``reason``): no
#: document, but a fetch log entry, so incremental crawls know the page.
DROPPED = "dropped"
KINDS = (FETCH, NOT_MODIFIED, REEXTRACT, DROPPED)


def to_millis(value: datetime) -> datetime:
    """``value`` as aware UTC with the microseconds BSON cannot keep removed."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def stamp(value: datetime) -> str:
    """Compact, sortable text of a time, for deterministic ids."""
    return to_millis(value).strftime("%Y%m%dT%H%M%S.%f")[:-3] + "Z"


@dataclass
class Capture:
    """One fetch of ``url_id`` at ``fetched_at``.

    ``doc`` is the full schema document extracted from the page; it is None
    for a 304 (the stored document stays current) and for a page the
    pipelines dropped (``reason`` says why). ``body`` is the raw response
    body, kept in the ``pages`` collection when the fetch brings a new version.
    """

    url_id: str
    fetched_at: datetime
    kind: str = FETCH
    doc: dict[str, Any] | None = None
    url: str | None = None
    source: str | None = None
    status: int | None = None
    run_id: str | None = None
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: Id of the URL that was requested, when a redirect led elsewhere: kept
    #: in ``url_aliases`` so incremental crawls recognise the feed's URL.
    requested_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Why the pipelines dropped the page (``dropped`` captures only), e.g. ``listing_page``.
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"capture kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == DROPPED and not self.reason:
            raise ValueError(f"a dropped capture of {self.url or self.url_id} needs a reason")
        if self.kind not in (NOT_MODIFIED, DROPPED) and self.doc is None:
            raise ValueError(
                f"a {self.kind!r} capture of {self.url or self.url_id} needs a document"
            )
        self.fetched_at = to_millis(self.fetched_at)
        if self.doc is not None:
            self.doc["fetched_at"] = self.fetched_at
            self.url = self.url or self.doc.get("url")
            self.source = self.source or self.doc.get("source")

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], **fields: Any) -> Capture:
        """A capture of a ready document (``fetched_at`` from the document)."""
        return cls(url_id=doc["_id"], fetched_at=doc["fetched_at"], doc=dict(doc), **fields)

    @property
    def fetch_id(self) -> str:
        """Deterministic id of this fetch in the ``fetches`` log, so writing
        the same capture twice (replay) records it once."""
        return fetch_id(self.url_id, self.fetched_at, self.run_id, self.kind)

    @property
    def page_id(self) -> str:
        """Id of the raw page of this fetch in the ``pages`` collection."""
        return page_id(self.url_id, self.fetched_at)


def fetch_id(url_id: str, fetched_at: datetime, run_id: str | None, kind: str = FETCH) -> str:
    """Id of a fetch in the ``fetches`` log (see :attr:`Capture.fetch_id`); an
    importer computes it before extracting, to skip what it imported before."""
    key = f"{url_id}|{stamp(fetched_at)}|{run_id or ''}|{kind}"
    return hashlib.sha1(key.encode()).hexdigest()


def page_id(url_id: str, fetched_at: datetime) -> str:
    """Pages are keyed by article and fetch time: the ``fetched_at`` of an
    article (or of an entry in ``article_versions``) names its raw page."""
    return f"{url_id}@{stamp(fetched_at)}"


def version_id(url_id: str, version: int) -> str:
    """Id of an archived version in ``article_versions``."""
    return f"{url_id}/v{version}"
