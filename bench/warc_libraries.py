"""FastWARC against warcio on the same generated file: records/s and MB/s of
reading every response record's WARC headers, HTTP headers and body, and of
the CC-NEWS case (only one outlet's records read, the rest skipped on their
WARC headers). The choice of the reading library rests on these figures
(docs/warc.md).

    python bench/warc_libraries.py [--records 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.warc_fixtures import bench_records, write_warc


def read_fastwarc(path: Path, host: str | None) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    def wanted(record) -> bool:
        return host is None or host in (record.headers.get("WARC-Target-URI") or "")

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=False,
                                      func_filter=wanted, fsspec_args=False):
            record.parse_http(auto_decode="all")
            record.http_headers.get("Content-Type")
            record.reader.read()
            n += 1
    return n


def read_warcio(path: Path, host: str | None) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            if host is not None and host not in (record.rec_headers.get_header("WARC-Target-URI")
                                                 or ""):
                continue
            record.http_headers.get_header("Content-Type")
            record.content_stream().read()
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_warc(Path(tmp) / "bench.warc.gz", bench_records(args.records))
        size = path.stat().st_size
        print(f"file: {args.records} response records, {size / 1e6:.1f} MB gzip")
        for case, host in (("all records", None), ("one outlet (CC-NEWS filter)", "apnews.com")):
            for name, reader in (("fastwarc", read_fastwarc), ("warcio", read_warcio)):
                best = float("inf")
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    n = reader(path, host)
                    best = min(best, time.perf_counter() - start)
                print(f"{case:28s} {name:9s} {n:5d} read  {args.records / best:9,.0f} records/s "
                      f"{size / 1e6 / best:7.1f} MB/s  (best of {args.repeat}: {best:.3f} s)")


if __name__ == "__main__":
    main()
