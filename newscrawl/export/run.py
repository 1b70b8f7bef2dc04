"""Streaming an archive query into a file, with its manifest.

Documents come from one cursor read in batches of ``batch_size``, in a stable
order (``published``, then ``_id``), and go straight to the format's writer:
memory stays flat whatever the archive's size. With ``one_per_cluster`` the
cursor is ordered by ``cluster_id`` instead, so the first document of each run
of equal ids (the earliest published) is kept and the rest skipped without
remembering any id; documents without ``cluster_id`` are clusters of their own.

A regular file is written under a hidden ``.partial`` name and renamed when
complete, so an interrupted export never leaves half a corpus under the name
a researcher would load. Anything that is not a regular file (``-`` for
standard output, ``/dev/stdout`` and any other symbolic link, a named pipe, a
device) is written into as it is and never replaced; it gets no manifest file (there is no file to hash
or to put one next to), and :attr:`ExportResult.manifest_path` is None.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymongo import ASCENDING
from pymongo.database import Database

from newscrawl.export.filters import EmptyExportError, ExportFilters, explain_empty
from newscrawl.export.manifest import CorpusCounts, build_manifest, write_manifest
from newscrawl.export.progress import Progress
from newscrawl.export.writers import READS, STDOUT, open_writer
from newscrawl.store.mongo import ARTICLES


@dataclass(frozen=True)
class ExportOptions:
    fmt: str
    fields: list[str]
    batch_size: int = 500
    row_group_size: int = 1000
    progress: bool | None = None  # None: when stderr is a terminal
    text_precision: str | None = None  # text form: dates no finer than this


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest_path: Path | None
    manifest: dict[str, Any]

    @property
    def records(self) -> int:
        return int(self.manifest["counts"]["records"])


def _projection(options: ExportOptions, filters: ExportFilters) -> dict[str, int]:
    # Counted and ordered fields are read even when not exported.
    needed = {*options.fields, *READS.get(options.fmt, ()), "source", "agencies", "published",
              "published_precision"}
    if filters.one_per_cluster:
        needed.add("cluster_id")
    return {name: 1 for name in sorted(needed)}


def _sort(filters: ExportFilters) -> list[tuple[str, int]]:
    order = [("published", ASCENDING), ("_id", ASCENDING)]
    return [("cluster_id", ASCENDING), *order] if filters.one_per_cluster else order


def partial_path(path: Path) -> Path:
    """Where an export is written until it is complete (``.c.partial.jsonl.gz``
    for ``c.jsonl.gz``: the compression suffix stays last)."""
    return path.with_name(f".{path.stem}.partial{path.suffix}")


def is_stream(path: Path) -> bool:
    """``-`` (standard output), a symbolic link (``/dev/stdout`` is one, to
    whatever the shell redirected to) or an existing path that is not a
    regular file (a pipe, a device): written into, never renamed over."""
    if str(path) == STDOUT:
        return True
    try:
        return path.is_symlink() or (path.exists() and not path.is_file())
    except OSError:
        return False


def one_per_cluster(docs: Iterator[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The first document of each run of equal ``cluster_id`` (input sorted by it)."""
    previous: Any = object()
    for doc in docs:
        cluster = doc.get("cluster_id")
        if cluster is None or cluster != previous:
            yield doc
        previous = cluster


def export_archive(db: Database, filters: ExportFilters, path: Path,
                   options: ExportOptions) -> ExportResult:
    """Write the documents ``filters`` select to ``path`` and its manifest.
    Raises EmptyExportError (naming the filter that emptied the result)
    before creating any file when nothing matches."""
    articles = db[ARTICLES]
    query = filters.query()
    total = articles.count_documents(query)
    if total == 0:
        raise EmptyExportError(explain_empty(articles, filters))
    # allow_disk_use: on MongoDB a sort of a large corpus would otherwise hit
    # the server's in-memory sort limit (100 MB) and fail mid-way.
    cursor = (articles.find(query, _projection(options, filters), allow_disk_use=True)
              .sort(_sort(filters)).batch_size(options.batch_size))
    docs: Iterator[Mapping[str, Any]] = iter(cursor)
    if filters.one_per_cluster:
        docs = one_per_cluster(docs)
    counts = CorpusCounts(matched=total)
    progress = Progress(total, enabled=options.progress)
    stream = is_stream(path)
    if not stream:
        path.parent.mkdir(parents=True, exist_ok=True)
    target = path if stream else partial_path(path)
    writer = open_writer(options.fmt, target, options.fields,
                         row_group_size=options.row_group_size,
                         text_precision=options.text_precision, db=db, final_path=path)
    try:
        for doc in docs:
            if writer.write(doc):
                counts.add(doc)
            else:
                counts.skipped += 1
            progress.advance()
        writer.close()
        if not stream:
            target.replace(path)
    finally:
        cursor.close()
        progress.close()
        if not stream and target.exists():  # interrupted or failed: no half corpus
            with contextlib.suppress(Exception):
                writer.close()
            target.unlink()
    format_options = {"text_precision": options.text_precision}
    if stream:
        return ExportResult(path, None, {"format": options.fmt, "counts": counts.as_dict(),
                                         "format_options": format_options})
    manifest = build_manifest(path, fmt=options.fmt, fields=options.fields,
                              filters=filters.describe(), query=query, database=db.name,
                              counts=counts, format_options=format_options)
    return ExportResult(path, write_manifest(path, manifest), manifest)
