"""Import rate and peak memory of ``newscrawl import-warc``.

1. A generated CC-NEWS-shaped file of ``--records`` (default 5,000) response
   records of the fixture outlets (realistic article pages, distinct URLs) is
   imported into a fresh archive (embedded nx-27017 in a temporary directory)
   by ``newscrawl import-warc`` in its own process: records/s, MB/s, peak RSS.
2. With ``--large-mb N`` (e.g. 1000): a file of N MB in which 1 record in 50
   (``--wanted-every``) is of a known outlet and the rest of unknown domains (as in CC-NEWS, where
   an archive wants a few outlets among thousands) is imported with the same
   command, and so is a file of a tenth of that size, to show that memory
   does not grow with the file.
3. With ``--newsplease``: news-please's own per-record CC-NEWS extraction
   (``NewsPlease.from_warc``, what its commoncrawl crawler calls for every
   record) over the same 5,000-record file, in a venv this bench creates
   (news-please's dependencies conflict with newscrawl's), timed the same way.

    python bench/warc_import.py [--records 5000] [--large-mb 1000 [--wanted-every 50]]
                                [--newsplease] [-s NAME=VALUE]

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
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawl.store.embedded import EmbeddedServer
from tests.warc_fixtures import (
    CRAWL_DAY,
    FixturePage,
    bench_records,
    fixture_pages,
    gzip_member,
    response_record,
    write_warc,
)

#: Runs ``newscrawl <args>`` and prints last its CPU seconds (with its
#: extraction workers'), its peak RSS and that of the largest worker (KiB; the
#: workers have ended by then). The archive server's CPU is not included.
_MEASURED = ("import resource, sys\n"
             "from newscrawl.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "me, kids = (resource.getrusage(w) for w in\n"
             "            (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
             "print(me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,\n"
             "      me.ru_maxrss, kids.ru_maxrss, file=sys.stderr)\n"
             "sys.exit(code)")

_NEWSPLEASE = """
import resource, sys, time
from warcio.archiveiterator import ArchiveIterator
from newsplease import NewsPlease
ok = failed = records = 0
started = time.perf_counter()
with open(sys.argv[1], "rb") as stream:
    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        records += 1
        try:
            article = NewsPlease.from_warc(record)
            ok += bool(article and article.maintext)
        except Exception:
            failed += 1
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print(records, ok, failed, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def measured_import(path: Path, database: str, env: dict, *args: str
                    ) -> tuple[str, float, float, str]:
    """(peak RSS "importer / worker" in MB, seconds, CPU seconds, summary line)
    of ``newscrawl import-warc`` in a fresh process."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURED, "import-warc", str(path), *args,
                           "-s", f"NEWSCRAWL_MONGO_DATABASE={database}"],
                          env=env, check=True, capture_output=True, text=True)
    cpu, own, workers = (float(v) for v in done.stderr.split()[-3:])
    return (f"{own / 1024:.0f} / {workers / 1024:.0f}", time.monotonic() - started, cpu,
            done.stdout.strip().splitlines()[-1])


def large_file(path: Path, megabytes: int, every: int) -> int:
    """A file of about ``megabytes`` MB: 1 record in ``every`` of a known
    outlet (distinct URLs), the rest of unknown domains. Returns the record count."""
    strangers = []
    for page in fixture_pages():
        host = page.url.split("/")[2]
        other = FixturePage(page.url.replace(host, f"www.{host.split('.')[-2]}-regional.example"),
                            "", page.html, page.title, page.language)
        strangers.append(gzip_member(response_record(other, CRAWL_DAY).to_bytes()))
    written = records = variant = 0
    with open(path, "wb") as out:
        while written < megabytes * 1_000_000:
            variant += 1
            for i, page in enumerate(fixture_pages(variant)):
                data = gzip_member(response_record(
                    page, CRAWL_DAY + timedelta(seconds=variant * 10 + i)).to_bytes())
                out.write(data)
                written += len(data)
                for n in range(every - 1):
                    member = strangers[(variant + n) % len(strangers)]
                    out.write(member)
                    written += len(member)
                records += every
    return records


def newsplease_python(work: Path) -> str:
    venv = work / "newsplease-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "news-please", "warcio"],
                   check=True)
    return str(venv / "bin" / "python")


def report(label: str, records: int, path: Path, rss: str, seconds: float, cpu: float) -> None:
    size = path.stat().st_size / 1e6
    print(f"{label:<34} {records:>8} {size:>8.1f} {records / seconds:>10.1f} "
          f"{size / seconds:>7.2f} {rss:>13} {seconds:>8.1f} {1000 * cpu / records:>8.2f}",
          flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--large-mb", type=int, default=0)
    parser.add_argument("--wanted-every", type=int, default=50,
                        help="in the large files, 1 record in this many is of a known outlet")
    parser.add_argument("--newsplease", action="store_true")
    parser.add_argument("--newsplease-python", help="an interpreter with news-please installed")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="setting for the imports, e.g. NEWSCRAWL_EXTRACT_WORKERS=0")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="warc-bench-"))
    warc = write_warc(work / "CC-NEWS-bench.warc.gz", bench_records(args.records))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = EmbeddedServer(work / "var", port)
    env = {**os.environ, "NEWSCRAWL_MONGO_URI": server.start(),
           "NEWSCRAWL_DATA_DIR": str(work / "var")}
    env.pop("NEWSCRAWL_MONGO_DATABASE", None)
    try:
        print(f"{'case':<34} {'records':>8} {'file MB':>8} {'records/s':>10} {'MB/s':>7} "
              f"{'peak MB (w.)':>13} {'seconds':>8} {'CPU ms/r':>8}")
        settings = [option for setting in args.set for option in ("-s", setting)]
        rss, seconds, cpu, summary = measured_import(warc, "bench_import", env, *settings)
        report("newscrawl import-warc", args.records, warc, rss, seconds, cpu)
        print(f"  {summary}")
        if args.large_mb:
            for megabytes in (max(1, args.large_mb // 10), args.large_mb):
                big = work / f"CC-NEWS-{megabytes}mb.warc.gz"
                count = large_file(big, megabytes, args.wanted_every)
                rss, seconds, cpu, summary = measured_import(big, f"bench_large_{megabytes}",
                                                             env, *settings)
                report(f"1 in {args.wanted_every} wanted, {megabytes} MB", count, big, rss,
                       seconds, cpu)
                print(f"  {summary}")
                big.unlink()
        if args.newsplease or args.newsplease_python:
            python = args.newsplease_python or newsplease_python(work)
            done = subprocess.run([python, "-c", _NEWSPLEASE, str(warc)], check=True,
                                  capture_output=True, text=True)
            records, ok, failed, seconds, cpu, rss = done.stdout.split()[-6:]
            report("news-please NewsPlease.from_warc", int(records), warc,
                   f"{int(rss) / 1024:.0f}", float(seconds), float(cpu))
            print(f"  {ok} with a main text, {failed} failed")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
