"""Shared plumbing of the stage pipelines: counted drops."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from newscrawl.stages import Dropped

logger = logging.getLogger(__name__)


class StagePipeline:
    """Base of the stage pipelines: holds the crawler and turns a
    :class:`~newscrawl.stages.Dropped` into a counted, logged DropItem."""

    stage = "stage"

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def drop(self, item: dict, exc: Dropped) -> DropItem:
        self.stats.inc_value(f"newscrawl/dropped/{exc.reason}")
        logger.info("dropped at %s (%s): %s", self.stage, exc, item.get("url"))
        return DropItem(f"{self.stage}: {exc} <{item.get('url')}>")

    def source_of(self, item: dict):
        """The registry entry of the item's source (spider attribute)."""
        return self.crawler.spider.source
