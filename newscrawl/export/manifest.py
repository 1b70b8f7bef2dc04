"""The manifest written next to every export (``<file>.manifest.json``).

It is what makes a corpus citable and re-creatable: the filters and the
query, the counts per source, agency and month, the schema version, the
sha256 of the file as written, when and by which newscrawl version.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bson import json_util
from bson.json_util import RELAXED_JSON_OPTIONS

from newscrawl import __version__
from newscrawl.schema import SCHEMA_VERSION

MANIFEST_SUFFIX = ".manifest.json"


def month_key(doc: Mapping[str, Any]) -> str:
    """``2017-05``; ``2017`` for year precision; ``undated`` without a date."""
    published = doc.get("published")
    if published is None:
        return "undated"
    if doc.get("published_precision") == "year":
        return published.astimezone(UTC).strftime("%Y")
    return published.astimezone(UTC).strftime("%Y-%m")


@dataclass
class CorpusCounts:
    """Counts of the exported records; bounded by the number of sources,
    agencies and months, not by the number of documents."""

    matched: int = 0  # documents the query selected (before one-per-cluster)
    records: int = 0  # written to the file
    skipped: int = 0  # the format cannot hold them (text lines need a date and a text)
    source: Counter = field(default_factory=Counter)
    agency: Counter = field(default_factory=Counter)
    month: Counter = field(default_factory=Counter)

    def add(self, doc: Mapping[str, Any]) -> None:
        self.records += 1
        self.source[doc.get("source") or "-"] += 1
        for code in doc.get("agencies") or ["(none)"]:
            self.agency[code] += 1
        self.month[month_key(doc)] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "records": self.records,
            "skipped": self.skipped,
            "by_source": dict(sorted(self.source.items())),
            "by_agency": dict(sorted(self.agency.items())),
            "by_month": dict(sorted(self.month.items())),
        }


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + MANIFEST_SUFFIX)


def build_manifest(path: Path, *, fmt: str, fields: list[str], filters: Mapping[str, Any],
                   query: Mapping[str, Any], database: str, counts: CorpusCounts,
                   format_options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "file": path.name,
        "format": fmt,
        "sha256": sha256_file(path),
        "bytes": path.stat().st_size,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "newscrawl_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "database": database,
        "filters": dict(filters),
        # MongoDB Extended JSON: bson.json_util.loads gives the query back
        # with its dates, ready to run again.
        "query": json.loads(json_util.dumps(query, json_options=RELAXED_JSON_OPTIONS)),
        "fields": fields,
        "format_options": dict(format_options or {}),
        "counts": counts.as_dict(),
    }


def write_manifest(path: Path, manifest: Mapping[str, Any]) -> Path:
    target = manifest_path(path)
    target.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
