"""CC-NEWS backfill: Common Crawl's news WARC files, month by month.

Common Crawl lists each month's files in
``<base>/crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`` (one path per line,
relative to ``<base>``). Each file is downloaded once
(:mod:`newscrawl.warc.download`: resumable, size and MD5 checked), imported
(:class:`~newscrawl.warc.importer.WarcImporter`, records filtered by the
chosen sources' domains on their WARC headers, before any parsing), recorded
as done in the ``warc_imports`` collection and deleted, so an interrupted
backfill resumes with the first file not done and at most
``NEWSCRAWL_CCNEWS_FILES_ON_DISK`` files take disk space at any time (with
more than one, downloads run ahead of the import in one thread).
"""

from __future__ import annotations

import gzip
import logging
import re
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pymongo import ReplaceOne

from newscrawl.warc.download import USER_AGENT, DownloadError, DownloadOptions, check_url, download
from newscrawl.warc.importer import WarcImporter

logger = logging.getLogger(__name__)

#: One document per CC-NEWS file imported: ``_id`` its path under the base URL.
WARC_IMPORTS = "warc_imports"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> tuple[int, int]:
    """``2017-05`` -> (2017, 5); a clear error otherwise."""
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{value!r} is not a month such as 2017-05")
    return int(match.group(1)), int(match.group(2))


def months(since: tuple[int, int], until: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """Every month from ``since`` up to and including ``until``."""
    year, month = since
    while (year, month) <= until:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def listing_url(base: str, year: int, month: int) -> str:
    return f"{base.rstrip('/')}/crawl-data/CC-NEWS/{year:04d}/{month:02d}/warc.paths.gz"


def read_listing(url: str, timeout: float) -> list[str]:
    """The WARC paths of one month's ``warc.paths.gz`` (a few kilobytes)."""
    request = urllib.request.Request(check_url(url), headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = response.read(64 * 1024 * 1024)
    try:
        text = gzip.decompress(data).decode("utf-8")
    except (OSError, EOFError) as exc:
        raise DownloadError(f"{url}: not a gzip listing: {exc}") from None
    return [line.strip() for line in text.splitlines() if line.strip().endswith(".warc.gz")]


@dataclass
class BackfillOptions:
    base_url: str
    download_dir: Path
    files_on_disk: int = 1
    keep_files: bool = False
    download: DownloadOptions = field(default_factory=DownloadOptions)


class CcNewsBackfill:
    """Imports the CC-NEWS files of a range of months, each once."""

    def __init__(self, db, importer: WarcImporter, options: BackfillOptions) -> None:
        self.done = db[WARC_IMPORTS]
        self.importer = importer
        self.options = options
        self.counts: Counter = Counter()

    def pending(self, since: tuple[int, int], until: tuple[int, int]) -> list[str]:
        """Paths of the months' files not imported yet, in listing order."""
        paths = []
        for year, month in months(since, until):
            url = listing_url(self.options.base_url, year, month)
            listed = read_listing(url, self.options.download.timeout)
            logger.info("%s: %d files", url, len(listed))
            paths += listed
        done = {d["_id"] for d in self.done.find({"_id": {"$in": paths}}, {"_id": 1})}
        self.counts["files_done_before"] += len(done)
        return [p for p in paths if p not in done]

    def run(self, since: tuple[int, int], until: tuple[int, int],
            report: Callable[[str, Counter], None] | None = None) -> Counter:
        """Download and import every pending file; ``report(path, counts)``
        after each. Stops at the first file that cannot be downloaded (the
        next run resumes there)."""
        for path, local in self._downloads(self.pending(since, until)):
            with open(local, "rb") as stream:
                counts = self.importer.import_stream(stream, path)
            self._record(path, local, counts)
            if not self.options.keep_files:
                local.unlink()
            self.counts["files_imported"] += 1
            if report is not None:
                report(path, counts)
        return self.counts

    def _downloads(self, paths: list[str]) -> Iterator[tuple[str, Path]]:
        """Downloaded files in order, at most ``files_on_disk`` of them on disk
        (the one being imported included)."""
        ahead = max(0, self.options.files_on_disk - 1)
        with ThreadPoolExecutor(max_workers=1) as pool:
            queue: list[tuple[str, Future]] = []
            todo = iter(paths)
            for path in todo:
                queue.append((path, pool.submit(self._download, path)))
                if len(queue) > ahead:
                    break
            while queue:
                path, future = queue.pop(0)
                local = future.result()  # DownloadError ends the run; resumable next time
                yield path, local
                following = next(todo, None)
                if following is not None:
                    queue.append((following, pool.submit(self._download, following)))

    def _download(self, path: str) -> Path:
        url = f"{self.options.base_url.rstrip('/')}/{path.lstrip('/')}"
        result = download(url, self.options.download_dir / Path(path).name, self.options.download)
        self.counts["bytes_downloaded"] += result.size - result.resumed_from
        return result.path

    def _record(self, path: str, local: Path, counts: Counter) -> None:
        doc = {"_id": path, "status": "done", "size": local.stat().st_size,
               "imported_at": datetime.now(UTC), "counts": dict(counts)}
        self.done.bulk_write([ReplaceOne({"_id": path}, doc, upsert=True)])
