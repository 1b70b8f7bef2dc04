"""Validation stage: empty pages and non-articles are dropped with a reason.

Settings: ``NEWSCRAWL_MIN_TEXT_CHARS`` (default 250), ``NEWSCRAWL_REQUIRE_TITLE``
(default True), ``NEWSCRAWL_DROP_PAYWALLED`` (default False: a paywalled
article showing only its teaser is kept, flagged ``access: "paywalled"``).

Stats: ``newscrawl/dropped/<reason>``; ``newscrawl/validate/paywalled``
(paywalled articles kept).
"""

from __future__ import annotations

from newscrawl.pipelines.base import StagePipeline
from newscrawl.schema import ACCESS_PAYWALLED
from newscrawl.stages import Dropped, ValidationRules, validate_stage


class ValidatePipeline(StagePipeline):
    stage = "validate"

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.rules = ValidationRules(
            min_text_chars=crawler.settings.getint("NEWSCRAWL_MIN_TEXT_CHARS"),
            require_title=crawler.settings.getbool("NEWSCRAWL_REQUIRE_TITLE"),
            drop_paywalled=crawler.settings.getbool("NEWSCRAWL_DROP_PAYWALLED"),
        )

    def process_item(self, item):
        try:
            validate_stage(item, self.rules)
        except Dropped as exc:
            raise self.drop(item, exc) from None
        if item.get("access") == ACCESS_PAYWALLED:
            self.stats.inc_value("newscrawl/validate/paywalled")
        return item
