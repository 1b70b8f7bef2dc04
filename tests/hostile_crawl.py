"""Running a crawl against the hostile server and reading what it did: the
source file, the Scrapy command line of the hardening tests, the final stats."""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.store.mongo import connect
from tests.conftest import run_scrapy, write_sources

#: Small timeouts keep the suite fast; the limits under test are the real ones.
HOSTILE_SETTINGS = {
    "DNS_RESOLVER": "tests.hostile_server.LoopbackResolver",
    "DOWNLOAD_TIMEOUT": "5",
    "MEMUSAGE_CHECK_INTERVAL_SECONDS": "0.25",
    "NEWSCRAWL_EXTRACT_WORKERS": "2",
    "NEWSCRAWL_MONGO_FLUSH_INTERVAL": "1",
}


def write_source(path: Path, **fields: Any) -> Path:
    """A one-source registry file named ``hostile``."""
    return write_sources(path, hostile=fields)


@dataclass
class CrawlResult:
    returncode: int
    log: str

    def stat(self, key: str) -> int:
        """A counter of the final stats dump (0 when absent)."""
        found = re.search(rf"'{re.escape(key)}': (\d+)", self.log)
        return int(found.group(1)) if found else 0

    def stats_under(self, prefix: str) -> dict[str, int]:
        return {k: int(v) for k, v in re.findall(rf"'({re.escape(prefix)}[^']*)': (\d+)", self.log)}

    def drop_reason(self, path: str) -> str | None:
        """The reason the pipelines dropped the page at ``path`` (from the log)."""
        found = re.search(rf"dropped at \w+ \((\w+).*?\): \S+?{re.escape(path)}$", self.log, re.MULTILINE)
        return found.group(1) if found else None

    def fetch_failed(self, path: str) -> bool:
        """Whether the spider counted a failed fetch of the page at ``path``."""
        return re.search(rf"article fetch failed: \S+?{re.escape(path)} \(", self.log) is not None

    @property
    def peak_rss_mb(self) -> float:
        """Peak resident memory of the crawl process (Scrapy's memusage extension)."""
        return self.stat("memusage/max") / 1024 / 1024


def crawl(spider: str, source: Path, *, mongo_uri: str, database: str, tmp_path: Path,
          timeout: float = 150, **settings: str) -> CrawlResult:
    """``scrapy crawl <spider> -a source=hostile`` with the hostile settings."""
    options = [arg for name, value in {**HOSTILE_SETTINGS, **settings}.items()
               for arg in ("-s", f"{name}={value}")]
    try:
        result = run_scrapy("crawl", spider, "-a", "source=hostile",
                            "-s", f"NEWSCRAWL_SOURCE_FILES={source}", *options,
                            mongo_uri=mongo_uri, database=database, tmp_path=tmp_path,
                            timeout=timeout)
    except subprocess.TimeoutExpired as exc:  # a hang is a finding, not an error of the test
        raise AssertionError(f"the crawl did not finish in {timeout} s") from exc
    return CrawlResult(result.returncode, result.stderr)


def crawl_archived(spider: str, source: Path, *, mongo_uri: str, tmp_path: Path, port: int,
                   timeout: float = 150, **settings: str) -> tuple[CrawlResult, set[str]]:
    """:func:`crawl` into a database of its own, then the paths (after
    ``:port``) of the articles it stored; the database is dropped. The log is
    kept in ``tmp_path/crawl.log`` for a look after a failure."""
    database = f"h{uuid.uuid4().hex[:12]}"
    result = crawl(spider, source, mongo_uri=mongo_uri, database=database, tmp_path=tmp_path,
                   timeout=timeout, **settings)
    (tmp_path / "crawl.log").write_text(result.log)
    client = connect(mongo_uri)
    try:
        stored = {doc["url"].split(f":{port}", 1)[-1] for doc in client[database].articles.find()}
        client.drop_database(database)
    finally:
        client.close()
    return result, stored


def unsafe_keys(value: Any, path: str = "") -> Iterator[str]:
    """Keys MongoDB would read as operators (``$...``) or paths (``a.b``), anywhere."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key.startswith("$") or "." in key:
                yield f"{path}.{key}"
            yield from unsafe_keys(inner, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            yield from unsafe_keys(inner, f"{path}[{index}]")
