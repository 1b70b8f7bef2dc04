"""Importing WARC captures into the archive through the crawl's stages.

Each ``response`` record of an HTML page on a known source's domain goes
through :func:`newscrawl.stages.build_record` (extraction, validation, dates,
agencies - the chain the item pipelines run; in the crawl's extraction worker
processes, :mod:`newscrawl.warc.build`), the near-duplicate lookup of
:class:`~newscrawl.pipelines.dedupe.BatchClusterer` and the
:class:`~newscrawl.store.writer.ArchiveWriter`, as a fetch at the record's
``WARC-Date`` with its raw body kept in ``pages``. So an article imported
from Common Crawl is the same document a crawl on that day would have stored.

Re-importing a file changes nothing: a record's fetch is logged under an id
made of the article, the WARC-Date and the file's name (the "run"), and the
records of a batch whose fetch ids are already in the log are skipped before
any extraction (``already_imported``).

A ``metadata`` record that newscrawl's own WARC export writes after each
response (:mod:`newscrawl.warc.export`) carries the discovery hints (feed and
sitemap dates) the page was stored with; they are read back, so exporting
and importing again gives the same documents.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from newscrawl.pipelines.dedupe import BatchClusterer
from newscrawl.pipelines.store import writer_from_settings
from newscrawl.schema import canonical_url, document_id
from newscrawl.sources import Source, SourceError, get_source
from newscrawl.stages import ValidationRules
from newscrawl.store.captures import Capture, fetch_id
from newscrawl.store.writer import FlushResult
from newscrawl.warc.build import BuildJob, BuildRules, PageBuilder
from newscrawl.warc.http import HttpError, HttpResponse, parse_response
from newscrawl.warc.read import WarcRecord, iter_records
from newscrawl.warc.sources import SourceMap

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: The metadata record of a newscrawl export: ``application/warc-fields``
#: lines; ``newscrawl-hints`` holds the discovery hints as JSON.
HINTS_FIELD = "newscrawl-hints"


@dataclass
class Candidate:
    """A response record on its way to the archive."""

    record: WarcRecord
    source: Source
    url: str
    fetch_id: str
    metadata: dict[str, str] = field(default_factory=dict)


def parse_warc_fields(block: bytes) -> dict[str, str]:
    """``name: value`` lines of an ``application/warc-fields`` block."""
    fields = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip().lower()] = value.strip()
    return fields


def run_id_of(name: str) -> str:
    """The "run" of an imported file: its name, so the same file imported
    again (from another directory, or downloaded again) is recognised."""
    return f"warc:{name.rsplit('/', 1)[-1]}"


class WarcImporter:
    """Imports WARC files into one archive; counts accumulate over files."""

    def __init__(self, db, settings, registry: Mapping[str, Source], *,
                 sources: Iterable[str] = (), catch_all: str | None = None) -> None:
        names = list(sources) or list(registry)
        try:
            chosen = [get_source(registry, n) for n in names]
            fallback = get_source(registry, catch_all) if catch_all else None
        except SourceError as exc:
            raise ValueError(str(exc)) from None
        self.sources = SourceMap(chosen, catch_all=fallback)
        self.writer = writer_from_settings(settings, db)
        self.clusterer = BatchClusterer.from_settings(settings, db)
        rules = BuildRules(
            ValidationRules(min_text_chars=settings.getint("NEWSCRAWL_MIN_TEXT_CHARS"),
                            require_title=settings.getbool("NEWSCRAWL_REQUIRE_TITLE")),
            agency_registry=settings.get("NEWSCRAWL_AGENCY_REGISTRY") or None,
            strip_dateline=settings.getbool("NEWSCRAWL_STRIP_DATELINE"),
            time_limit=settings.getfloat("NEWSCRAWL_EXTRACT_TIME_LIMIT") or None,
        )
        self.builder = PageBuilder(rules, extract_workers(settings))
        self.batch_size = max(1, settings.getint("NEWSCRAWL_MONGO_BATCH_SIZE"))
        self.max_body_bytes = settings.getint("NEWSCRAWL_WARC_MAX_BODY_BYTES")
        self.max_block_bytes = settings.getint("NEWSCRAWL_WARC_MAX_RECORD_BYTES")
        self.counts: Counter = Counter()

    def import_stream(self, stream: BinaryIO, name: str) -> Counter:
        """Import one seekable WARC stream; returns this file's counts (also
        added to :attr:`counts`)."""
        counts: Counter = Counter()
        run_id = run_id_of(name)
        batch: list[Candidate] = []
        pending: Candidate | None = None
        for record in iter_records(stream, counts, wanted=self.sources.wanted,
                                   max_block_bytes=self.max_block_bytes):
            if record.warc_type == "metadata":
                about = record.header("WARC-Concurrent-To")
                if pending is not None and about == pending.record.record_id:
                    pending.metadata = parse_warc_fields(record.block)
                else:
                    counts["skipped/metadata"] += 1
                continue
            if pending is not None:
                batch.append(pending)
                pending = None
            if record.warc_type == "revisit":
                counts["revisit"] += 1  # no payload of its own: nothing to extract
                continue
            pending = self._candidate(record, run_id, counts)
            if len(batch) >= self.batch_size:
                self._import_batch(batch, run_id, counts)
                batch = []
        if pending is not None:
            batch.append(pending)
        if batch:
            self._import_batch(batch, run_id, counts)
        self.counts.update(counts)
        return counts

    def _candidate(self, record: WarcRecord, run_id: str, counts: Counter) -> Candidate | None:
        if record.header("WARC-Truncated"):
            counts["truncated"] += 1  # the crawler cut the body: not the page as published
            return None
        source = self.sources.source_for(record.url)
        if source is None:
            counts["unknown_domain"] += 1
            return None
        url = canonical_url(record.url)
        return Candidate(record, source, url, fetch_id(document_id(url), record.date, run_id))

    def close(self) -> None:
        """Stop the extraction workers."""
        self.builder.close()

    def _import_batch(self, batch: list[Candidate], run_id: str, counts: Counter) -> None:
        done = {d["_id"] for d in self.writer.fetches.find(
            {"_id": {"$in": [c.fetch_id for c in batch]}}, {"_id": 1})}
        ready = []
        for candidate in batch:
            if candidate.fetch_id in done:
                counts["already_imported"] += 1
                continue
            http = self._response(candidate.record, counts)
            if http is not None:
                ready.append((candidate, http))
        if not ready:
            return
        jobs = [BuildJob(http.body, c.url, c.source, c.record.date, _hints(c.metadata), http.charset)
                for c, http in ready]
        try:
            results = list(self.builder.build_all(jobs))
        except BrokenProcessPool as exc:  # a worker died (out of memory, a crash in lxml)
            counts["error/worker_crashed"] += len(jobs)
            logger.error("an extraction worker died; %d pages of this batch not imported "
                         "(import the file again to retry them): %s", len(jobs), exc)
            self.builder.close()
            return
        captures = []
        for (candidate, http), job, (status, value) in zip(ready, jobs, results):
            if status == "ok":
                captures.append(self._capture(value, http, job, run_id))
            elif status == "dropped":
                counts[f"dropped/{value}"] += 1
                logger.debug("WARC record %s dropped: %s", candidate.url, value)
            else:
                counts["error/extraction"] += 1
                logger.error("extraction of %s failed:\n%s", candidate.url, value)
        if not captures:
            return
        if self.clusterer is not None:
            lookups = [(c, c.doc["text"]) for c in captures if c.doc and c.doc.get("text")]
            counts.update({f"dedupe/{k}": n for k, n in self.clusterer.assign(lookups).items()})
        self._count_result(self.writer.write(captures), counts)

    def _response(self, record: WarcRecord, counts: Counter) -> HttpResponse | None:
        """The record's HTTP response if it is a page to extract, else None (counted)."""
        try:
            http = parse_response(record.block, max_bytes=self.max_body_bytes)
        except HttpError as exc:
            counts[exc.reason] += 1
            logger.warning("WARC record %s (%s) skipped: %s", record.record_id, record.url, exc)
            return None
        if http.status != 200:
            counts[f"http_status/{http.status}"] += 1
            return None
        if http.mime_type and http.mime_type not in HTML_TYPES:
            counts["not_html"] += 1
            return None
        return http

    @staticmethod
    def _capture(doc: dict[str, Any], http: HttpResponse, job: BuildJob, run_id: str) -> Capture:
        etag, last_modified = http.headers.get("etag"), http.headers.get("last-modified")
        doc["http_etag"], doc["http_last_modified"] = etag, last_modified
        return Capture.from_document(
            doc, status=http.status, run_id=run_id, body=http.body, etag=etag,
            last_modified=last_modified,
            extra={"hints": job.hints, "declared_encoding": job.declared_encoding},
        )

    @staticmethod
    def _count_result(result: FlushResult, counts: Counter) -> None:
        for outcome, n in result.outcomes.items():
            counts[f"store/{outcome}"] += n
        for doc, message in result.failed:
            counts["store/failed"] += 1
            logger.error("the database rejected %s: %s", doc.get("url"), message)
        for doc in result.too_large:
            counts["dropped/document_too_large"] += 1
            logger.warning("document over the size limit, not stored: %s", doc.get("url"))
        for capture, reason in result.pages_refused:
            counts[f"store/pages_refused/{reason}"] += 1
            logger.warning("raw page not stored (%s): %s", reason, capture.url)
        if result.retry:
            counts["store/failed"] += len(result.retry)


def extract_workers(settings) -> int:
    """``NEWSCRAWL_EXTRACT_WORKERS`` (unset: one per CPU core; 0: extract here)."""
    configured = settings.get("NEWSCRAWL_EXTRACT_WORKERS")
    if configured in (None, ""):
        return os.cpu_count() or 1
    return max(0, int(configured))


def _hints(metadata: Mapping[str, str]) -> dict[str, Any]:
    raw = metadata.get(HINTS_FIELD)
    if not raw:
        return {}
    try:
        hints = json.loads(raw)
    except ValueError:
        logger.warning("unreadable %s in a metadata record: %.80s", HINTS_FIELD, raw)
        return {}
    return hints if isinstance(hints, dict) else {}
