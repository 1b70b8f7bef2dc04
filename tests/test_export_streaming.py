"""Exports stream: memory does not grow with the number of documents
(bench/export_memory.py measures peak RSS at 5k and 20k documents)."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from newscrawl.export.filters import ExportFilters
from newscrawl.export.run import ExportOptions, export_archive
from newscrawl.store.mongo import ARTICLES

TEXT = "Ein Absatz über die Lage in Syrien und auf der koreanischen Halbinsel. " * 40


def fill(db, count: int) -> None:
    start = datetime(2017, 1, 1, tzinfo=UTC)
    db[ARTICLES].insert_many([
        {"_id": f"{n:06d}", "url": f"https://example.at/{n}", "source": "derstandard",
         "text": f"{TEXT}{n}", "agencies": ["APA"], "published": start + timedelta(hours=n),
         "published_precision": "minute"} for n in range(count)])


def peak_bytes(db, path, fmt: str) -> int:
    """Peak Python allocation while exporting everything in ``db``."""
    tracemalloc.start()
    try:
        export_archive(db, ExportFilters(), path,
                       ExportOptions(fmt, ["url", "text", "published"], batch_size=100,
                                     row_group_size=200))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text"])
def test_export_memory_does_not_grow_with_the_archive(db, mongo_uri, tmp_path, fmt):
    from newscrawl.store.mongo import connect

    client = connect(mongo_uri)
    try:
        small, large = client[f"{db.name}_s"], client[f"{db.name}_l"]
        fill(small, 500)
        fill(large, 2500)  # ~7 MB of text: held in memory it would show 5x
        peak_small = peak_bytes(small, tmp_path / "small", fmt)
        peak_large = peak_bytes(large, tmp_path / "large", fmt)
    finally:
        client.drop_database(f"{db.name}_s")
        client.drop_database(f"{db.name}_l")
        client.close()
    assert peak_large < peak_small * 1.5, (peak_small, peak_large)
