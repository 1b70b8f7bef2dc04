"""The extraction stage as it runs in a worker process of the extract pipeline.

Kept free of Scrapy imports, so a worker process starts with only what
extraction needs. The one entry point, :func:`extract_page`, runs
:func:`newscrawl.stages.extract_stage` on one page and reports the outcome as
plain data: exceptions with custom constructors (``Dropped``) do not survive
pickling, and an unexpected error must not cost the worker.
"""

from __future__ import annotations

import resource
import traceback
from typing import Any, Literal, NamedTuple

from newscrawl.extraction import ExtractionOptions
from newscrawl.stages import Dropped, extract_stage

Status = Literal["ok", "dropped", "error"]


class Outcome(NamedTuple):
    """What happened to one page. ``ok``: ``value`` holds the fields the stage
    added to the item; ``dropped``: ``(reason, detail)``; ``error``: the
    traceback text. ``peak_rss_kb`` is the worker's peak resident set so far."""

    status: Status
    value: Any
    peak_rss_kb: int


def extract_page(url: str, body: bytes, declared_encoding: str | None,
                 options: ExtractionOptions | None) -> Outcome:
    item: dict[str, Any] = {"url": url, "_page": {"body": body, "declared_encoding": declared_encoding}}
    try:
        extract_stage(item, options)
    except Dropped as exc:
        detail = str(exc).removeprefix(exc.reason).removeprefix(": ")
        return Outcome("dropped", (exc.reason, detail), _peak_rss_kb())
    except Exception:  # noqa: BLE001 - any bug in extraction drops one page, not the crawl
        return Outcome("error", traceback.format_exc(limit=8)[-4000:], _peak_rss_kb())
    del item["url"], item["_page"]
    return Outcome("ok", item, _peak_rss_kb())


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
