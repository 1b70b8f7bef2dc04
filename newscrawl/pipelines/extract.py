"""Extraction stage: trafilatura plus page metadata (see :mod:`newscrawl.extraction`)."""

from __future__ import annotations

from newscrawl.extraction import ExtractionOptions
from newscrawl.pipelines.base import StagePipeline
from newscrawl.stages import Dropped, extract_stage


class ExtractPipeline(StagePipeline):
    stage = "extract"

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.options = ExtractionOptions()

    def process_item(self, item):
        if "_page" not in item:  # already extracted (e.g. replayed records)
            return item
        try:
            extract_stage(item, self.options)
        except Dropped as exc:
            raise self.drop(item, exc) from None
        self.stats.inc_value("newscrawl/extracted")
        if not item.get("language"):
            item["language"] = self.source_of(item).language
        return item
