"""Shared plumbing of the stage pipelines: counted drops."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from newscrawl.stages import Dropped

logger = logging.getLogger(__name__)


class StageDrop(DropItem):
    """A counted drop of a stage; ``reason`` (``listing_page``, ``too_short``,
    ``extract_timeout``...) travels with Scrapy's ``item_dropped`` signal, so
    the store can record a page dropped for what it is
    (:mod:`newscrawl.store.dropped`)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


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

    def drop(self, item: dict, exc: Dropped) -> StageDrop:
        self.stats.inc_value(f"newscrawl/dropped/{exc.reason}")
        logger.info("dropped at %s (%s): %s", self.stage, exc, item.get("url"))
        return StageDrop(f"{self.stage}: {exc} <{item.get('url')}>", exc.reason)

    def source_of(self, item: dict):
        """The registry entry of the item's source (spider attribute)."""
        return self.crawler.spider.source
