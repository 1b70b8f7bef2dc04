"""Reading a Scrapy stats dict: the few numbers operations care about.

Pure functions of ``dict[str, Any]`` (what ``crawler.stats.get_stats()``
returns), shared by the monitors, the run records and the progress line so
that "errors" or "stored" mean the same thing in all three.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

Stats = Mapping[str, Any]

#: Where the run recorder leaves the monitors' verdict of a crawl: a list of
#: problem messages, empty when healthy (absent when the monitors did not run).
PROBLEMS_KEY = "newscrawl/monitors/problems"
STATUS_PREFIX = "downloader/response_status_count/"
DROPPED_PREFIX = "newscrawl/dropped/"
DATE_SOURCE_PREFIX = "newscrawl/dates/source/"
#: Validation drop reasons that mean "the page had no usable text".
TEXTLESS_REASONS = ("no_text", "too_short")
#: Response statuses that count as failed fetches by default: server errors and
#: the two ways a site says "stop" (403 forbidden, 429 too many requests).
#: 404/410 are an ordinary part of news (withdrawn articles) and do not count.
DEFAULT_ERROR_STATUSES = ("403", "429", "431", "5xx")


def number(stats: Stats, key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def total(stats: Stats, prefix: str) -> int:
    """Sum of every counter whose key starts with ``prefix``."""
    return sum(number(stats, key) for key in stats if key.startswith(prefix))


def by_suffix(stats: Stats, prefix: str) -> dict[str, int]:
    """``{suffix: count}`` of the counters under ``prefix``."""
    return {key[len(prefix):]: number(stats, key) for key in stats if key.startswith(prefix)}


def requests(stats: Stats) -> int:
    """Fetch attempts (every retry is one more)."""
    return number(stats, "downloader/request_count")


def responses_by_status(stats: Stats) -> dict[str, int]:
    return by_suffix(stats, STATUS_PREFIX)


def status_matches(status: str, patterns: Iterable[str]) -> bool:
    """``"503"`` matches ``"503"`` and ``"5xx"``."""
    for pattern in patterns:
        pattern = str(pattern).lower()
        if pattern == status or (pattern.endswith("xx") and status.startswith(pattern[:-2])
                                 and len(status) == len(pattern)):
            return True
    return False


def fetch_errors(stats: Stats, error_statuses: Iterable[str] = DEFAULT_ERROR_STATUSES) -> int:
    """Failed fetch attempts: downloader exceptions (timeouts, refused
    connections, DNS) plus responses with an error status.

    A URL robots.txt forbids is not a failure, though Scrapy counts the
    ``IgnoreRequest`` that refuses it among the downloader exceptions (every
    middleware's ``process_exception`` sees it, DownloaderStats' too)."""
    patterns = list(error_statuses)
    failed_responses = sum(count for status, count in responses_by_status(stats).items()
                           if status_matches(status, patterns))
    exceptions = number(stats, "downloader/exception_count") - number(stats, "robotstxt/forbidden")
    return max(exceptions, 0) + failed_responses


def stored(stats: Stats) -> int:
    """Articles written to the archive (new or replaced)."""
    return number(stats, "newscrawl/store/inserted") + number(stats, "newscrawl/store/replaced")


def not_stored(stats: Stats) -> int:
    """Articles the database did not take (rejected, or in a batch it could not take)."""
    return number(stats, "newscrawl/store/failed") + number(stats, "newscrawl/store/unavailable")


def spooled(stats: Stats) -> int:
    """Articles written to the spool instead, for ``newscrawl replay``."""
    return number(stats, "newscrawl/store/spooled")


def lost(stats: Stats) -> int:
    """Articles neither archived nor spooled (even the disk refused them)."""
    return number(stats, "newscrawl/store/spool_failed")


def article_pages(stats: Stats) -> int:
    """Pages that went through the item pipelines (kept or dropped)."""
    return number(stats, "item_scraped_count") + number(stats, "item_dropped_count")


def spider_exceptions(stats: Stats) -> dict[str, int]:
    """Exceptions raised by spider callbacks, by class name (Scrapy also keeps
    their sum as ``spider_exceptions/count``)."""
    counts = by_suffix(stats, "spider_exceptions/")
    counts.pop("count", None)
    return counts


def dropped(stats: Stats) -> dict[str, int]:
    return by_suffix(stats, DROPPED_PREFIX)


def textless(stats: Stats) -> int:
    return sum(number(stats, DROPPED_PREFIX + reason) for reason in TEXTLESS_REASONS)


def dated_pages(stats: Stats) -> tuple[int, int]:
    """(pages without a publication date, pages that reached the dates stage)."""
    missing = number(stats, "newscrawl/dates/missing")
    return missing, missing + total(stats, DATE_SOURCE_PREFIX)


def feed_exports(stats: Stats) -> tuple[int, int, int]:
    """``(offered, exported, failed feeds)`` of Scrapy's feed exports: items
    offered to the feeds and items written (``newscrawl.ops.feeds``), and feeds
    whose storage failed (Scrapy's ``feedexport/failed_count/<storage>``)."""
    return (number(stats, "newscrawl/feedexport/offered"),
            number(stats, "newscrawl/feedexport/exported"),
            total(stats, "feedexport/failed_count/"))


def bson_safe(value: Any) -> Any:
    """A stats value as something BSON can store unchanged: numbers, text,
    dates and lists of them; anything else as its ``repr``."""
    if value is None or isinstance(value, (bool, int, str, datetime)):
        return value if not isinstance(value, int) or -2**63 <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [bson_safe(v) for v in value]
    return repr(value)


def encode_stats(stats: Stats) -> list[dict[str, Any]]:
    """Stats as a list of ``{key, value}``: Scrapy's keys contain ``/`` and
    ``.`` (``downloader/response_status_count/200``, ``spider_exceptions/
    json.JSONDecodeError``), and a dot in a MongoDB field name means a path."""
    return [{"key": str(key), "value": bson_safe(stats[key])} for key in sorted(stats)]


def decode_stats(entries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    return {entry["key"]: entry["value"] for entry in entries}
