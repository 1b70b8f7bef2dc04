"""Writing captures as WARC/1.1: ``request``, ``response`` and ``metadata``
records, one gzip member each, with a CDXJ index beside the file.

warcio writes the records: it is the library pywb itself reads and writes
with, and it computes ``WARC-Block-Digest`` (the HTTP header block and body)
and ``WARC-Payload-Digest`` (the body) as the standard defines them. Dates
are written with milliseconds (WARC/1.1 allows fractions), the precision of
the archive's ``fetched_at``, so an imported export keeps its fetch times.

The HTTP response of a record is the one the crawl received, as far as the
archive or the crawler knows it: the body after Scrapy undid its transfer and
content codings (so neither coding is declared), with the status, content
type, validators and date of the fetch.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl import __version__
from newscrawl.warc.cdxj import IndexEntry

#: Hop-by-hop and coding headers that no longer describe the stored body.
DROPPED_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding",
                             "connection", "keep-alive"})


def warc_date(when: datetime) -> str:
    """WARC/1.1 date with milliseconds, UTC."""
    when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


@dataclass
class HttpCapture:
    """One fetch to write: what the request asked and the response brought."""

    url: str
    fetched_at: datetime
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)  # response headers
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    method: str = "GET"
    metadata: Mapping[str, str] = field(default_factory=dict)  # warc-fields of the capture

    @property
    def mime(self) -> str:
        value = next((v for k, v in self.headers if k.lower() == "content-type"), "")
        return value.split(";")[0].strip().lower() or "unk"


class CaptureWarcWriter:
    """Appends captures to one WARC file and remembers their index entries."""

    def __init__(self, out: IO[bytes], filename: str, *, software: str = "") -> None:
        self.out = out
        self.filename = filename
        self.writer = WARCWriter(out, gzip=filename.endswith(".gz"), warc_version="WARC/1.1")
        self.entries: list[IndexEntry] = []
        self.records = 0
        self._write_warcinfo(software or f"newscrawl {__version__}")

    def _write_warcinfo(self, software: str) -> None:
        record = self.writer.create_warcinfo_record(
            self.filename, {"software": software, "format": "WARC File Format 1.1",
                            "conformsTo": "https://iipc.github.io/warc-specifications/"
                                          "specifications/warc-format/warc-1.1/"})
        self.writer.write_record(record)

    def write(self, capture: HttpCapture) -> int:
        """Write the capture's three records; returns the bytes written."""
        start = self.out.tell()
        date = warc_date(capture.fetched_at)
        response_id = f"<urn:uuid:{uuid.uuid4()}>"
        response = self.writer.create_warc_record(
            capture.url, "response", payload=io.BytesIO(capture.body), length=len(capture.body),
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": response_id},
            http_headers=StatusAndHeaders(_status_line(capture.status),
                                          _response_headers(capture), protocol="HTTP/1.1"),
        )
        request = self.writer.create_warc_record(
            capture.url, "request",
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
            http_headers=StatusAndHeaders(f"{capture.method} {_target(capture.url)}",
                                          _request_headers(capture), protocol="HTTP/1.1",
                                          is_http_request=True),
        )
        self.writer.write_record(request)
        offset = self.out.tell()
        self.writer.write_record(response)
        length = self.out.tell() - offset
        if capture.metadata:
            fields = "".join(f"{k}: {v}\r\n" for k, v in capture.metadata.items()).encode()
            metadata = self.writer.create_warc_record(
                capture.url, "metadata", payload=io.BytesIO(fields), length=len(fields),
                warc_content_type="application/warc-fields",
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
            )
            self.writer.write_record(metadata)
        self.entries.append(IndexEntry(
            capture.url, capture.fetched_at, capture.mime, capture.status,
            response.rec_headers.get_header("WARC-Payload-Digest"), length, offset, self.filename))
        self.records += 1
        return self.out.tell() - start


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _response_headers(capture: HttpCapture) -> list[tuple[str, str]]:
    headers = [(k, v) for k, v in capture.headers if k.lower() not in DROPPED_HEADERS]
    if not any(k.lower() == "date" for k, _ in headers):
        headers.insert(0, ("Date", format_datetime(capture.fetched_at.astimezone(UTC),
                                                   usegmt=True)))
    headers.append(("Content-Length", str(len(capture.body))))
    return headers


def _request_headers(capture: HttpCapture) -> list[tuple[str, str]]:
    headers = list(capture.request_headers)
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", urlsplit(capture.url).netloc))
    return headers


def open_output(path: Path) -> IO[bytes]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "wb")


def index_path(warc_path: Path) -> Path:
    """The CDXJ index beside a WARC file: ``out.warc.gz`` -> ``out.cdxj``."""
    name = warc_path.name
    for suffix in (".warc.gz", ".warc"):
        if name.endswith(suffix):
            return warc_path.with_name(name[: -len(suffix)] + ".cdxj")
    return warc_path.with_name(name + ".cdxj")


def warc_fields(values: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Metadata values as single-line ``application/warc-fields`` text."""
    return {name: " ".join(str(value).split()) for name, value in values if value is not None}
