"""Raw pages: the response body of every article version, zstd-compressed.

An archive that only keeps extracted text cannot be re-extracted when the
extractor improves, nor checked when a reader doubts a field. One ``pages``
document per article version (keyed by article id and fetch time, see
:func:`newscrawl.store.captures.page_id`) keeps the body and the HTTP facts of
its fetch. A compressed body too large to sit inside a document (over
``inline_max_bytes``) goes to the GridFS bucket ``page_bodies`` under the
same id; one over ``max_bytes`` is refused with a reason the caller counts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import zstandard
from bson import Binary
from gridfs import GridFSBucket
from pymongo.database import Database

from newscrawl.store.captures import Capture, page_id
from newscrawl.store.mongo import PAGE_BODIES, PAGES

logger = logging.getLogger(__name__)

ENCODING = "zstd"


class PageError(RuntimeError):
    """A stored page cannot be read back (missing body, corrupt data)."""


@dataclass(frozen=True)
class PageLimits:
    """See ``NEWSCRAWL_PAGES_*`` in ``newscrawl/settings/defaults.py``."""

    inline_max_bytes: int = 4 * 1024 * 1024
    max_bytes: int = 64 * 1024 * 1024
    level: int = 3


class PageStore:
    """Builds, writes and reads ``pages`` documents."""

    def __init__(
        self, db: Database, limits: PageLimits | None = None, *, write_concern=None
    ) -> None:
        self.db = db
        self.limits = limits or PageLimits()
        self.pages = db.get_collection(PAGES, write_concern=write_concern)
        self.bucket = GridFSBucket(db, bucket_name=PAGE_BODIES)
        self.compressor = zstandard.ZstdCompressor(level=self.limits.level)

    def page_document(
        self, capture: Capture, article: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, str]:
        """The ``pages`` document of ``capture`` (the version in ``article``),
        or None and the reason it is refused. A large body is uploaded to
        GridFS here, before the document that points to it is written."""
        if capture.body is None:
            return None, "no_body"
        compressed = self.compressor.compress(capture.body)
        if len(compressed) > self.limits.max_bytes:
            return None, "too_large"
        doc: dict[str, Any] = {
            "_id": capture.page_id,
            "url_id": capture.url_id,
            "url": capture.url,
            "source": capture.source,
            "fetched_at": capture.fetched_at,
            "version": article.get("version"),
            "content_hash": article.get("content_hash"),
            "status": capture.status,
            "etag": capture.etag,
            "last_modified": capture.last_modified,
            "run_id": capture.run_id,
            "encoding": ENCODING,
            "size": len(capture.body),
            "stored_bytes": len(compressed),
            "body": None,
            "gridfs_id": None,
            # what discovery said (feed/sitemap dates...): re-extraction needs it
            "hints": capture.extra.get("hints") or {},
            "declared_encoding": capture.extra.get("declared_encoding"),
        }
        if len(compressed) <= self.limits.inline_max_bytes:
            doc["body"] = Binary(compressed)
        else:
            self._upload(capture.page_id, compressed, capture)
            doc["gridfs_id"] = capture.page_id
        return doc, ""

    def _upload(self, file_id: str, data: bytes, capture: Capture) -> None:
        """Idempotent: a replayed capture finds its body already uploaded."""
        if self.db[f"{PAGE_BODIES}.files"].find_one({"_id": file_id}, {"_id": 1}) is not None:
            return
        self.bucket.upload_from_stream_with_id(
            file_id, file_id, data, metadata={"url_id": capture.url_id, "encoding": ENCODING}
        )

    def missing(self, pages: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The pages not stored yet. A page never changes once written, and
        nx-27017 cannot replace a document that holds binary data, so a
        replayed batch must not write its pages again."""
        stored = {d["_id"] for d in self.pages.find({"_id": {"$in": list(pages)}}, {"_id": 1})}
        return {i: p for i, p in pages.items() if i not in stored}

    def find(self, url_id: str, fetched_at) -> dict[str, Any] | None:
        """The page of the article version fetched at ``fetched_at``."""
        return self.pages.find_one({"_id": page_id(url_id, fetched_at)})

    def body(self, page: dict[str, Any]) -> bytes:
        """The raw response body of a ``pages`` document."""
        if page.get("encoding") != ENCODING:
            raise PageError(f"page {page.get('_id')}: unknown encoding {page.get('encoding')!r}")
        data = page.get("body")
        if data is None and page.get("gridfs_id") is not None:
            data = self.bucket.open_download_stream(page["gridfs_id"]).read()
        if data is None:
            raise PageError(f"page {page.get('_id')} has no body")
        try:
            return zstandard.ZstdDecompressor().decompress(
                bytes(data), max_output_size=max(int(page.get("size") or 0), 1)
            )
        except zstandard.ZstdError as exc:
            raise PageError(f"page {page.get('_id')}: corrupt body: {exc}") from None
