"""One streaming writer per export format.

Every writer takes documents one at a time and holds at most one Parquet row
group in memory (the Parquet writer is in :mod:`newscrawl.export.arrow`, so
that pyarrow is loaded only by a Parquet export, not by every ``newscrawl``
command), so an export's memory does not grow with the archive.
Compressed outputs (``.gz``) are written through a streaming gzip member
with a fixed timestamp: the same corpus gives the same bytes, and the same
sha256 in its manifest.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Protocol

from newscrawl.dates import format_at_precision
from newscrawl.export.fields import csv_row, json_row

#: The output name that means standard output.
STDOUT = "-"

FORMATS = ("jsonl", "csv", "parquet", "text", "warc")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".txt": "text", ".warc": "warc"}


#: Fields a format reads whatever ``--fields`` says (the text form is fixed).
READS: dict[str, tuple[str, ...]] = {
    "text": ("published", "published_precision", "text", "credit"),
    # the raw captures (newscrawl.warc.export.READS)
    "warc": ("url", "source", "fetched_at", "extractor", "content_hash", "http_etag",
             "http_last_modified"),
}


class FormatError(ValueError):
    """The output's format cannot be known or is not offered."""


def infer_format(path: str | Path) -> str:
    """The format a file name asks for: ``x.jsonl.gz`` -> jsonl, ``x.txt`` -> text."""
    if str(path) == STDOUT:
        return "jsonl"
    suffixes = Path(path).suffixes
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = _SUFFIXES.get(suffixes[-1].lower()) if suffixes else None
    if fmt is None:
        raise FormatError(f"cannot tell the format of {str(path)!r} from its name: end it in "
                          f".jsonl, .jsonl.gz, .csv, .parquet or .txt, or pass --format")
    return fmt


class RecordWriter(Protocol):
    def write(self, doc: Mapping[str, Any]) -> bool:
        """Write one document; False when this format cannot hold it (skipped)."""

    def close(self) -> None: ...


def open_binary(path: Path) -> IO[bytes] | gzip.GzipFile:
    """The file to write ``path`` through: standard output for ``-`` (left
    open when the writer closes), a gzip member for ``.gz``."""
    if str(path) == STDOUT:
        raw: IO[bytes] = _Closing(sys.stdout.buffer, close_under=False)  # type: ignore[assignment]
    else:
        raw = open(path, "wb")  # noqa: SIM115 - closed with the gzip member or by the writer
    if path.suffix == ".gz":
        return gzip.GzipFile(filename="", mode="wb", fileobj=_Closing(raw), mtime=0)
    return raw


class _Closing(io.RawIOBase):
    """A file object that closes the file under it when closed (GzipFile leaves
    a passed ``fileobj`` open), or only flushes it (``close_under=False``:
    standard output stays usable)."""

    def __init__(self, raw: IO[bytes], close_under: bool = True) -> None:
        self._raw = raw
        self._close_under = close_under

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        if not self.closed:
            if self._close_under:
                self._raw.close()
            else:
                self._raw.flush()
        super().close()


def open_text(path: Path) -> io.TextIOWrapper:
    return io.TextIOWrapper(open_binary(path), encoding="utf-8", newline="")


class JsonLinesWriter:
    """One JSON object per line, fields in export order, UTF-8 unescaped."""

    def __init__(self, path: Path, fields: list[str]) -> None:
        self.out = open_text(path)
        self.fields = fields

    def write(self, doc: Mapping[str, Any]) -> bool:
        self.out.write(json.dumps(json_row(doc, self.fields), ensure_ascii=False) + "\n")
        return True

    def close(self) -> None:
        self.out.close()


class CsvWriter:
    """RFC 4180 CSV with a header; lists and objects as JSON text in a cell."""

    def __init__(self, path: Path, fields: list[str]) -> None:
        self.out = open_text(path)
        self.csv = csv.writer(self.out, lineterminator="\n")
        self.fields = fields
        self.csv.writerow(fields)

    def write(self, doc: Mapping[str, Any]) -> bool:
        self.csv.writerow(csv_row(doc, self.fields))
        return True

    def close(self) -> None:
        self.out.close()


class DatedTextWriter:
    """The research-corpus form of the seed article: a record starts on a line
    ``" date 2017-05 "`` (the date no finer than its precision), then the text
    with its paragraphs, the credit line at its end; records are separated by a
    blank line. Records without a date or text cannot be written and are skipped.

    ``coarsest`` writes no date finer than that precision (``month`` gives a
    corpus dated like the seed, whatever the archive knows)."""

    def __init__(self, path: Path, fields: list[str], coarsest: str | None = None) -> None:
        self.out = open_text(path)
        self.coarsest = coarsest

    def write(self, doc: Mapping[str, Any]) -> bool:
        published, text = doc.get("published"), (doc.get("text") or "").strip()
        if published is None or not text:
            return False
        precision = coarser(doc.get("published_precision"), self.coarsest)
        self.out.write(dated_text(published, precision, text, doc.get("credit")) + "\n\n")
        return True

    def close(self) -> None:
        self.out.close()


#: Precisions a date can be written at, coarse to fine.
PRECISIONS = ("year", "month", "day", "minute", "second")


def coarser(precision: str | None, limit: str | None) -> str:
    """The coarser of a record's precision (unknown: ``second``) and a limit."""
    known = precision if precision in PRECISIONS else "second"
    if limit is None:
        return known
    return PRECISIONS[min(PRECISIONS.index(known), PRECISIONS.index(limit))]


def dated_text(published, precision: str | None, text: str, credit: str | None) -> str:
    date = format_at_precision(published, coarser(precision, None))
    return f" date {date} {text}" + (f" {credit}" if credit else "")


def open_writer(fmt: str, path: Path, fields: list[str], *, row_group_size: int = 1000,
                text_precision: str | None = None, db=None,
                final_path: Path | None = None) -> RecordWriter:
    if fmt == "parquet":
        if path.suffix == ".gz":
            raise FormatError(f"{path}: Parquet compresses its columns itself; drop the .gz")
        from newscrawl.export.arrow import ParquetWriter  # pyarrow only when needed

        out = open_binary(path) if str(path) == STDOUT else path
        return ParquetWriter(out, fields, row_group_size)
    if fmt == "text":
        return DatedTextWriter(path, fields, text_precision)
    if fmt == "warc":  # raw captures from the archive's pages: needs the database
        from newscrawl.warc.export import WarcExportWriter

        return WarcExportWriter(path, db, final_path)
    if fmt == "jsonl":
        return JsonLinesWriter(path, fields)
    if fmt == "csv":
        return CsvWriter(path, fields)
    raise FormatError(f"format {fmt!r} is not offered: use one of {', '.join(FORMATS)}")
