"""Dates stage: ``published``/``modified`` in UTC with their precision.

Local times without an offset are read in the source's time zone (registry
field ``timezone``). Rejected candidates are counted in
``newscrawl/dates/rejected/<reason>``; a page without any date is stored with
``published`` null and counted in ``newscrawl/dates/missing``.
"""

from __future__ import annotations

from newscrawl.pipelines.base import StagePipeline
from newscrawl.stages import dates_stage


class DatesPipeline(StagePipeline):
    stage = "dates"

    def process_item(self, item):
        dates_stage(item, timezone=self.source_of(item).timezone)
        for _source, _raw, reason in item.get("_date_rejected", ()):
            self.stats.inc_value(f"newscrawl/dates/rejected/{reason}")
        if item.get("published") is None:
            self.stats.inc_value("newscrawl/dates/missing")
        else:
            self.stats.inc_value(f"newscrawl/dates/source/{item.get('published_source')}")
        return item
