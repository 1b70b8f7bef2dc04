"""Reading WARC files (1.0 and 1.1, gzip per record or plain) with FastWARC.

FastWARC reads the 5,000-record bench file 4.4 times as fast as warcio
(docs/warc.md, ``bench/warc_libraries.py``). What it does not do is recover:
a damaged gzip member ends its iteration with an ``OSError``. A web archive's
good records must not be lost to one bad member, so :func:`iter_records`
looks for the next member (or, in a plain file, the next ``WARC/1.``
record line) after the damage and goes on from there, counting
``broken_gzip`` once per damaged stretch.

Records are filtered on their WARC headers alone (``wanted``), before their
blocks are read: a CC-NEWS file holds every outlet Common Crawl found, and an
importer interested in five of them should not read the rest. Every record
is counted in ``counts`` by what became of it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"
PLAIN_MAGIC = b"WARC/1."
#: Record types an importer reads; the others are counted and skipped.
READ_TYPES = ("response", "revisit", "metadata")


@dataclass
class WarcRecord:
    """One record's facts an importer needs, the block read whole."""

    warc_type: str
    url: str
    date: datetime
    record_id: str
    headers: dict[str, str]  # WARC headers, names as written
    block: bytes
    offset: int  # of the record (its gzip member) in the file

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


def parse_warc_date(value: str | None) -> datetime | None:
    """``WARC-Date`` (W3C form, seconds or, in WARC/1.1, fractions) as aware UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())  # 3.11 reads "Z"
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def iter_records(stream: BinaryIO, counts: Counter, *,
                 wanted: Callable[[str, str], bool] | None = None,
                 max_block_bytes: int = 64 * 1024 * 1024) -> Iterator[WarcRecord]:
    """The response, revisit and metadata records of a seekable WARC stream
    whose ``(type, target URI)`` ``wanted`` accepts. Counts ``records`` (all
    seen), ``skipped/<type>``, ``unknown_domain`` (not wanted: no chosen source has the domain), ``too_large``,
    ``incomplete`` (the file ends inside the record), ``bad_date`` and
    ``broken_gzip``."""
    compressed = stream.read(3) == GZIP_MAGIC
    start: int | None = 0
    resyncing = False  # a failure right after a resync is the same damaged stretch
    while start is not None:
        stream.seek(start)
        last = None
        try:
            for record in ArchiveIterator(stream, parse_http=False, fsspec_args=False,
                                          func_filter=_filter(counts, wanted)):
                last = start + record.stream_pos
                item = _read(record, last, counts, max_block_bytes)
                if item is not None:
                    yield item
            return
        except OSError as exc:
            if not (resyncing and last is None):
                counts["broken_gzip" if compressed else "broken_record"] += 1
            resyncing = True
            resume_after = last if last is not None else start
            logger.warning("damaged WARC data after offset %d (%s); looking for the next record",
                           resume_after, exc)
            start = _next_record(stream, resume_after + 1, GZIP_MAGIC if compressed else PLAIN_MAGIC)


def _filter(counts: Counter, wanted: Callable[[str, str], bool] | None):
    def accept(record) -> bool:
        counts["records"] += 1
        kind = str(record.record_type)
        if kind not in READ_TYPES:
            counts[f"skipped/{kind}"] += 1
            return False
        if wanted is not None and not wanted(kind, record.headers.get("WARC-Target-URI") or ""):
            counts["unknown_domain"] += 1
            return False
        return True

    return accept


def _read(record, offset: int, counts: Counter, max_block_bytes: int) -> WarcRecord | None:
    length = record.content_length
    if length > max_block_bytes:
        counts["too_large"] += 1
        return None
    block = record.reader.read(length)
    if len(block) < length:
        counts["incomplete"] += 1
        logger.warning("WARC record at offset %d ends early (%d of %d bytes)",
                       offset, len(block), length)
        return None
    headers = dict(record.headers.items())
    date = parse_warc_date(record.headers.get("WARC-Date"))
    if date is None:
        counts["bad_date"] += 1
        return None
    return WarcRecord(str(record.record_type), (headers.get("WARC-Target-URI") or "").strip("<>"),
                      date, record.record_id or "", headers, block, offset)


def _next_record(stream: BinaryIO, position: int, magic: bytes) -> int | None:
    """Offset of the next gzip member (or plain record) at or after ``position``."""
    chunk_size = 1 << 20
    stream.seek(position)
    base, tail = position, b""
    while True:
        chunk = stream.read(chunk_size)
        if not chunk:
            return None
        data = tail + chunk
        found = data.find(magic)
        if found >= 0:
            return base - len(tail) + found
        tail = data[-(len(magic) - 1):]
        base += len(chunk)
