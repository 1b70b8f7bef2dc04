"""A Scrapy extension for tests: when the spider closes, it writes the names of
the modules the crawl process has imported, the crawl's stats, and for every
process the crawl process started that is still running (the extraction pool's
fork server outlives the pool) the packages whose files it has mapped, as JSON
to the file named by the ``TEST_LOADED_MODULES_FILE`` setting."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from scrapy import signals


class LoadedModules:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings.get("TEST_LOADED_MODULES_FILE"))

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider) -> None:
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, int)}
        self.path.write_text(json.dumps({"modules": sorted(sys.modules), "stats": stats,
                                         "descendants": descendants_mapped_packages()}))


def descendants_mapped_packages() -> dict[str, list[str]]:
    """For each descendant of this process (Linux ``/proc``), by its command
    line: the top-level directories under ``site-packages`` of the files it has
    mapped. A process that imported a package with compiled modules (scipy,
    lxml) maps their shared objects; pure-Python modules leave no trace here."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # the command may hold spaces and parentheses: the ppid follows the last ")"
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
    found, frontier = {}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid in (pid for pid, ppid in parents.items() if ppid == parent):
            frontier.append(pid)
            try:
                command = (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ")
                maps = (Path("/proc") / str(pid) / "maps").read_text()
            except OSError:
                continue
            packages = {line.split("site-packages/", 1)[1].split("/", 1)[0]
                        for line in maps.splitlines() if "site-packages/" in line}
            found[f"{pid} {command.decode(errors='replace').strip()}"] = sorted(packages)
    return found
