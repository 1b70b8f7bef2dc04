"""Peak memory of ``newscrawl export`` at two archive sizes.

Starts an embedded nx-27017 server in a temporary directory, inserts
``--small`` (default 5 000) and ``--large`` (default 20 000) documents of ~2.7 KB
of text into two databases, and exports each whole to each format, every
export in a fresh process (``newscrawl export``) that reports its own peak RSS
(``ru_maxrss``). A streaming export has about the same peak at both sizes; one
that held the corpus would grow by the difference (~40 MB of text between 5k
and 20k documents, several times that as Python objects).

    python bench/export_memory.py                  # 5k vs 20k documents
    python bench/export_memory.py --large 50000

Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscrawl.store.embedded import EmbeddedServer
from newscrawl.store.mongo import ARTICLES, connect

PARAGRAPH = ("Die Staatschefs hätten in dem Telefonat über die Konflikte in Syrien und auf der "
             "koreanischen Halbinsel beraten, hieß es weiter. ") * 5
SOURCES = ["derstandard", "tagesschau", "orf", "diepresse"]
AGENCIES = [["APA"], ["dpa"], ["APA", "AFP", "dpa", "Reuters"], ["Reuters"], []]


def document(n: int) -> dict:
    published = datetime(2017, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * n)
    return {
        "_id": f"{n:08d}", "url": f"https://example.at/story/{n}",
        "source": SOURCES[n % len(SOURCES)], "title": f"Story {n}", "language": "de",
        "text": "\n\n".join([PARAGRAPH] * 4) + f" {n}", "authors": [],
        "agencies": AGENCIES[n % len(AGENCIES)], "published": published,
        "published_precision": ["minute", "day", "month"][n % 3],
        "fetched_at": published, "first_seen": published, "schema_version": 1,
    }


def insert(db, count: int, chunk: int = 1000) -> None:
    for start in range(0, count, chunk):
        db[ARTICLES].insert_many([document(n) for n in range(start, min(count, start + chunk))])


#: Runs ``newscrawl <args>`` and prints the process's own peak RSS (KiB) last.
_MEASURED = ("import resource, sys\n"
             "from newscrawl.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
             "sys.exit(code)")


def measured_export(out: Path, database: str, env: dict, settings: list[str]
                    ) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of ``newscrawl export`` in a fresh process."""
    started = time.monotonic()
    options = [option for setting in settings for option in ("-s", setting)]
    done = subprocess.run([sys.executable, "-c", _MEASURED, "export", str(out), "--fields",
                           "url,source,title,text,agencies,published",
                           "-s", f"NEWSCRAWL_MONGO_DATABASE={database}", *options],
                          env=env, check=True, capture_output=True, text=True)
    return int(done.stderr.split()[-1]) / 1024, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--formats", default="jsonl.gz,csv,parquet,txt")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="setting for the exports, e.g. NEWSCRAWL_EXPORT_ROW_GROUP_SIZE=1000")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = EmbeddedServer(work / "var", port)
    uri = server.start()
    try:
        client = connect(uri)
        sizes = {"bench_small": args.small, "bench_large": args.large}
        started = time.monotonic()
        for name, count in sizes.items():
            insert(client[name], count)
        print(f"inserted {args.small} + {args.large} documents in "
              f"{time.monotonic() - started:.0f} s")
        env = {**os.environ, "NEWSCRAWL_MONGO_URI": uri}
        env.pop("NEWSCRAWL_MONGO_DATABASE", None)
        print(f"{'format':<10} {'docs':>7} {'peak RSS MB':>12} {'seconds':>8} {'file MB':>8}")
        for suffix in args.formats.split(","):
            for name, count in sizes.items():
                out = work / f"{name}.{suffix}"
                rss, seconds = measured_export(out, name, env, args.set)
                print(f"{suffix:<10} {count:>7} {rss:>12.1f} {seconds:>8.1f} "
                      f"{out.stat().st_size / 1e6:>8.1f}", flush=True)
        client.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
