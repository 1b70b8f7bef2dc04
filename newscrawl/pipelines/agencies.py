"""Agencies stage: canonical agency codes, credit line and dateline.

Settings: ``NEWSCRAWL_AGENCY_REGISTRY`` (extra TOML file of agencies),
``NEWSCRAWL_STRIP_DATELINE`` (default False: the body keeps its dateline and
the span is recorded). The source's ``default_agency`` applies when an
agency's own site carries no credit.
"""

from __future__ import annotations

from newscrawl.agencies import load_registry
from newscrawl.pipelines.base import StagePipeline
from newscrawl.stages import agencies_stage


class AgenciesPipeline(StagePipeline):
    stage = "agencies"

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.registry = load_registry(crawler.settings.get("NEWSCRAWL_AGENCY_REGISTRY") or None)
        self.strip_dateline = crawler.settings.getbool("NEWSCRAWL_STRIP_DATELINE")

    def process_item(self, item):
        agencies_stage(item, registry=self.registry, strip_dateline=self.strip_dateline,
                       default_agency=self.source_of(item).default_agency)
        if item.get("agencies"):
            self.stats.inc_value("newscrawl/agencies/credited")
        return item
