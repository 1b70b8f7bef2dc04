"""Costs of the archive semantics, measured against a fresh embedded nx-27017.

    python bench/archive.py --articles 2000

1. zstd on raw pages (the demo site's template with varied text, and the
   saved pages of tests/data/extraction): ratio and ms per page, per level.
2. ArchiveWriter, batches of 100: first write (version 1, page, fetch log),
   unchanged re-crawl (sighting), changed re-crawl (version archived).
3. The incremental lookup: one ``$in`` of 1,000 ids against the archive.
4. Near-duplicate assignment, one article at a time (ClusterIndex.assign) and in
   batches of 100 (ClusterIndex.assign_many, as a crawl does).
5. Spool: append (fsync per batch) and replay of already-written captures.

Nothing leaves 127.0.0.1; the server and its files live in a temporary directory.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.demo.site import article_page, load_articles
from newscrawl.schema import to_document
from newscrawl.store.captures import Capture
from newscrawl.store.clusters import ClusterIndex
from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.mongo import connect, ensure_indexes
from newscrawl.store.spool import Spool, replay_spool
from newscrawl.store.writer import ArchiveWriter

BASE = "https://www.bench-kurier.at"
T0 = datetime(2024, 3, 20, 6, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pages(n: int, seed: int = 7) -> list[tuple[dict, bytes]]:
    """``n`` demo-template articles with shuffled paragraphs and words."""
    rng = random.Random(seed)
    templates = load_articles(now=T0)
    out = []
    for i in range(n):
        art = dict(templates[i % len(templates)])
        words = art["body"].split()
        rng.shuffle(words)
        art["body"] = " ".join(words[: max(80, len(words) - rng.randrange(40))])
        art["slug"] = f"{art['slug']}-{i}"
        art["title"] = f"{art['title']} ({i})"
        out.append((art, article_page(art, BASE).encode()))
    return out


def capture(art: dict, body: bytes, at: datetime, text: str | None = None) -> Capture:
    doc = to_document(
        {
            "url": f"{BASE}/{art['slug']}",
            "source": "bench",
            "title": art["title"],
            "text": text or art["body"],
            "fetched_at": at,
            "language": "de",
        }
    )
    return Capture.from_document(doc, status=200, run_id="bench", body=body, etag='"e"')


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def bench_zstd(bodies: list[bytes]) -> None:
    raw = sum(map(len, bodies))
    print(f"zstd on {len(bodies)} pages, {raw / len(bodies) / 1024:.1f} KiB average:")
    for level in (3, 10, 19):
        compressor = zstandard.ZstdCompressor(level=level)
        packed, seconds = timed(lambda c=compressor: [c.compress(b) for b in bodies])
        print(
            f"  level {level:>2}: ratio {raw / sum(map(len, packed)):.1f}:1, "
            f"{seconds / len(bodies) * 1000:.2f} ms/page"
        )


def write_all(writer: ArchiveWriter, captures: list[Capture]) -> float:
    start = time.perf_counter()
    for i in range(0, len(captures), 100):
        writer.write(captures[i : i + 100])
    return len(captures) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    corpus = pages(min(args.articles, 20_000))
    saved = [p.read_bytes() for p in sorted((ROOT / "tests/data/extraction").glob("*.html"))]
    bench_zstd([b for _, b in corpus[:500]])
    if saved:
        bench_zstd(saved)
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedServer(Path(tmp) / "db", free_port())
        client = connect(server.start())
        try:
            db = client.bench
            ensure_indexes(db)
            writer = ArchiveWriter(db)
            first = [capture(a, b, T0) for a, b in corpus]
            print(f"writer, {len(first)} captures in batches of 100 (captures/s):")
            print(f"  first fetch   {write_all(writer, first):8.0f}")
            same = [capture(a, b, T0 + timedelta(days=1)) for a, b in corpus]
            print(f"  unchanged     {write_all(writer, same):8.0f}")
            changed = [
                capture(a, b, T0 + timedelta(days=2), a["body"] + " Update.") for a, b in corpus
            ]
            print(f"  changed       {write_all(writer, changed):8.0f}")
            ids = [c.url_id for c in first[:1000]]
            lookups = []
            for _ in range(5):
                _, seconds = timed(
                    lambda: list(
                        db.articles.find({"_id": {"$in": ids}}, {"last_seen": 1, "http_etag": 1})
                    )
                )
                lookups.append(seconds)
            print(
                f"incremental lookup of {len(ids)} ids in {len(first)} articles: "
                f"median {statistics.median(lookups) * 1000:.0f} ms"
            )
            index = ClusterIndex(db)
            sample = corpus[:300]
            _, seconds = timed(
                lambda: [index.assign(f"c{i}", a["body"]) for i, (a, _) in enumerate(sample)]
            )
            print(
                f"cluster assignment: {seconds / len(sample) * 1000:.1f} ms/article ({len(sample)} articles)"
            )
            # what a crawl does: one lookup per store batch of 100
            batched = [(f"b{i}", a["body"]) for i, (a, _) in enumerate(corpus[300:1300])]
            if batched:
                _, seconds = timed(
                    lambda: [index.assign_many(batched[i : i + 100])
                             for i in range(0, len(batched), 100)]
                )
                print(
                    f"cluster assignment in batches of 100: {seconds / len(batched) * 1000:.2f} "
                    f"ms/article ({len(batched)} articles)"
                )
            spool = Spool(Path(tmp) / "spool", "bench")
            batch = first[:1000]
            _, seconds = timed(
                lambda: [spool.append(batch[i : i + 100]) for i in range(0, len(batch), 100)]
            )
            spool.close()
            size = spool.path.stat().st_size
            print(
                f"spool append: {len(batch) / seconds:.0f} captures/s, {size / len(batch) / 1024:.1f} KiB/capture"
            )
            report, seconds = timed(replay_spool, spool.directory, writer)
            print(f"spool replay (all already written): {report.replayed / seconds:.0f} captures/s")
        finally:
            client.close()
            server.stop()


if __name__ == "__main__":
    main()
