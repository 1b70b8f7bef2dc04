"""Running crawls from Python: one ``source`` spider per source, one process for all.

``newscrawl crawl`` and ``newscrawl demo`` use this; ``scrapy crawl`` remains
the way to run one spider by hand.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newscrawl.ops.crawlstats import PROBLEMS_KEY
from newscrawl.sources import Source


def project_settings(overrides: Mapping[str, Any] | None = None):
    """Scrapy settings of the project with command-line priority overrides.

    String overrides (``-s NAME=VALUE``) are checked first: a value the setting
    cannot take raises :class:`newscrawl.settings.checks.SettingError`.
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    from scrapy.utils.project import get_project_settings

    from newscrawl.settings.checks import check_overrides

    settings = get_project_settings()
    if overrides:
        check_overrides(settings, overrides)
        settings.setdict(dict(overrides), priority="cmdline")
    return settings


def spiders_for(source: Source) -> list[str]:
    """The spiders ``newscrawl crawl`` runs for ``source``: the ``source``
    spider, which reads all its channels (feeds, sitemaps, listing pages) with
    one scheduler and duplicate filter, so each article is fetched once a
    run; none when the source has no channel."""
    if source.feeds or source.sitemaps or source.robots_sitemaps or source.listing_pages:
        return ["source"]
    return []


@dataclass
class CrawlOutcome:
    """Finish reason and stats of each crawler of one run."""

    crawls: list[dict[str, Any]] = field(default_factory=list)
    batch: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.crawls) and all(c["finish_reason"] == "finished" for c in self.crawls)

    @property
    def problems(self) -> list[str]:
        """One line per problem, ``spider/source: what``. The monitors' verdict
        when they ran; else (monitors off, a crawler that never started) the
        finish reason alone."""
        lines = []
        for crawl in self.crawls:
            label = f"{crawl['spider']}/{crawl['source']}"
            found = crawl["stats"].get(PROBLEMS_KEY)
            if found is None:
                if crawl["finish_reason"] != "finished":
                    lines.append(f"{label}: finish reason {crawl['finish_reason']}")
                continue
            lines.extend(f"{label}: {problem}" for problem in found)
        return lines

    @property
    def healthy(self) -> bool:
        return bool(self.crawls) and not self.problems

    def total(self, key: str) -> int:
        return sum(int(c["stats"].get(key, 0) or 0) for c in self.crawls)


def run_crawl(sources: Iterable[Source], overrides: Mapping[str, Any] | None = None) -> CrawlOutcome:
    """Crawl ``sources`` with all their spiders in one Scrapy process; blocks."""
    from scrapy.crawler import CrawlerProcess

    settings = project_settings(overrides)
    # One id for the run records of all crawlers of this invocation.
    batch = settings.get("NEWSCRAWL_RUN_BATCH") or uuid.uuid4().hex
    settings.set("NEWSCRAWL_RUN_BATCH", batch, priority="cmdline")
    process = CrawlerProcess(settings)  # installs the root log handler (LOG_FILE)
    crawlers = []
    for source in sources:
        for spider in spiders_for(source):
            crawler = process.create_crawler(spider)
            crawlers.append((source.name, spider, crawler))
            process.crawl(crawler, source=source.name)
    process.start()
    outcome = CrawlOutcome(batch=batch)
    for source_name, spider, crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        outcome.crawls.append({
            "source": source_name, "spider": spider,
            "finish_reason": stats.get("finish_reason", "not started"), "stats": stats,
        })
    return outcome
