"""``newscrawl export --format warc out.warc.gz``: the stored raw captures of
the selected articles as WARC/1.1, with ``out.cdxj`` beside it.

Each article's raw page (``pages``, the version the article shows) becomes a
``request``/``response``/``metadata`` triple (:mod:`newscrawl.warc.write`);
the metadata record carries the archive's ``_id``, the source, the
extractor, the content hash and the discovery hints the page was stored
with, so ``newscrawl import-warc`` of the file rebuilds the same articles.
An article without a stored page (archived before pages were kept) cannot
be written and is counted as skipped in the manifest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pymongo.database import Database

from newscrawl.store.pages import PageError, PageStore
from newscrawl.warc.cdxj import write_index
from newscrawl.warc.importer import HINTS_FIELD
from newscrawl.warc.write import (
    CaptureWarcWriter,
    HttpCapture,
    index_path,
    open_output,
    warc_fields,
)


class WarcExportWriter:
    """A :class:`newscrawl.export.writers.RecordWriter` for WARC files (the
    fields it reads whatever ``--fields`` says are ``READS["warc"]`` there)."""

    def __init__(self, path: Path, db: Database, final_path: Path | None = None) -> None:
        self.final_path = final_path or path
        self.pages = PageStore(db)
        self.out = open_output(path)
        self.warc = CaptureWarcWriter(self.out, self.final_path.name)
        self.closed = False

    def write(self, doc: Mapping[str, Any]) -> bool:
        page = self.pages.find(doc["_id"], doc["fetched_at"])
        if page is None:
            return False
        try:
            body = self.pages.body(page)
        except PageError:
            return False
        self.warc.write(capture_of(doc, page, body))
        return True

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.out.close()
        write_index(self.warc.entries, index_path(self.final_path))


def capture_of(doc: Mapping[str, Any], page: Mapping[str, Any], body: bytes) -> HttpCapture:
    """The HTTP capture of an article's stored page, with its metadata."""
    charset = page.get("declared_encoding")
    headers = [("Content-Type", f"text/html; charset={charset}" if charset else "text/html")]
    if page.get("etag") or doc.get("http_etag"):
        headers.append(("ETag", page.get("etag") or doc.get("http_etag")))
    if page.get("last_modified") or doc.get("http_last_modified"):
        headers.append(("Last-Modified", page.get("last_modified") or doc.get("http_last_modified")))
    metadata = warc_fields([
        ("newscrawl-id", doc["_id"]),
        ("newscrawl-source", doc.get("source")),
        ("newscrawl-extractor", json.dumps(doc.get("extractor"), sort_keys=True)),
        ("newscrawl-content-hash", doc.get("content_hash")),
        (HINTS_FIELD, json.dumps(page.get("hints") or {}, sort_keys=True, default=str)),
    ])
    return HttpCapture(doc["url"], doc["fetched_at"], int(page.get("status") or 200), body,
                       headers=headers, metadata=metadata)
