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

from newscrawl.store.dropped import RECORDED_REASONS

Stats = Mapping[str, Any]

#: Where the run recorder leaves the monitors' verdict of a crawl: a list of
#: problem messages, empty when healthy (absent when the monitors did not run).
PROBLEMS_KEY = "newscrawl/monitors/problems"
STATUS_PREFIX = "downloader/response_status_count/"
DROPPED_PREFIX = "newscrawl/dropped/"
DATE_SOURCE_PREFIX = "newscrawl/dates/source/"
#: Validation drop reasons that mean "the page had no usable text".
TEXTLESS_REASONS = ("no_text", "too_short")
#: Final HTTP statuses that count as failed fetches by default: server errors,
#: the two ways a site says "stop" (403 forbidden, 429 too many requests after
#: the retries) and 431 (the request headers grew too large: a cookie flood).
#: 404/410 are an ordinary part of news (withdrawn articles) and do not count.
DEFAULT_ERROR_STATUSES = ("403", "429", "431", "5xx")
#: Where the spiders count the outcome of every fetch they asked for
#: (:mod:`newscrawl.spiders.base`): pages handed to a callback, and failures
#: by reason (``too_large``, ``timeout``, ``data_loss``, ``http_503``, ...).
FAILED_PREFIX = "newscrawl/fetch/failed/"
FETCHED_KEYS = ("newscrawl/fetch/article_pages", "newscrawl/fetch/discovery_pages")
#: Failure reasons that are no failure of the crawl: a URL robots.txt forbids,
#: a request a middleware dropped on purpose (off-site, a cap).
BENIGN_FAILURES = ("robots_txt", "ignored")
CHANNELS_PREFIX = "newscrawl/channels/"


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


def is_failure(reason: str, error_statuses: Iterable[str] = DEFAULT_ERROR_STATUSES) -> bool:
    """Whether a fetch that ended with ``reason`` failed in a user's eyes:
    ``http_<status>`` when the status is an error status; any other reason
    (too_large, timeout, data_loss, connection_lost, ...) unless benign."""
    if reason.startswith("http_"):
        return status_matches(reason[5:], error_statuses)
    return reason not in BENIGN_FAILURES


def fetch_errors(stats: Stats, error_statuses: Iterable[str] = DEFAULT_ERROR_STATUSES) -> int:
    """Fetches that failed for good, by their final outcome: a 429 answered
    again after Retry-After is no error, a URL robots.txt forbids is none;
    a decompression bomb, a page over the size limit, a 431, a body cut
    short are."""
    patterns = list(error_statuses)
    return sum(count for reason, count in by_suffix(stats, FAILED_PREFIX).items()
               if is_failure(reason, patterns))


def fetch_outcomes(stats: Stats) -> int:
    """Fetches the spiders asked for whose outcome is known: pages handed to
    a callback plus failures of every kind."""
    return sum(number(stats, key) for key in FETCHED_KEYS) + total(stats, FAILED_PREFIX)


def article_fetches(stats: Stats) -> int:
    """Article pages fetched (with a 304 re-check as one) plus article fetches that failed."""
    return number(stats, "newscrawl/fetch/article_pages") + number(stats, "newscrawl/fetch/articles_failed")


def summary(stats: Stats) -> str:
    """What one crawl fetched and what became of it, in numbers that add up:
    every article fetch is stored, not modified (a 304 re-check), dropped,
    failed, or (when the archive was down) not archived; articles the
    incremental look-up skipped were not fetched at all."""
    fetched = article_fetches(stats)
    parts = [
        f"{number(stats, 'newscrawl/fetch/discovery_pages')} discovery pages",
        f"{number(stats, 'newscrawl/incremental/skipped')} articles skipped as archived",
        f"{fetched} article fetches: {stored(stats)} stored",
        f"{total(stats, 'newscrawl/incremental/not_modified')} not modified",
        f"{number(stats, 'item_dropped_count')} dropped",
        f"{number(stats, 'newscrawl/fetch/articles_failed')} failed",
    ]
    missing = not_stored(stats)
    if missing:
        parts.append(f"{missing} not archived")
    return ", ".join(parts)


def channels(stats: Stats) -> list[dict[str, Any]]:
    """The configured channels of a crawl (feed, sitemap, robots, listing):
    ``{kind, url, entries, failed}``, from ``newscrawl/channels/<kind>/<field>/<url>``."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for key in stats:
        if not key.startswith(CHANNELS_PREFIX):
            continue
        kind, field, url = (key[len(CHANNELS_PREFIX):].split("/", 2) + ["", ""])[:3]
        if field not in ("entries", "failed") or not url:
            continue
        channel = found.setdefault((kind, url), {"kind": kind, "url": url, "entries": 0, "failed": False})
        if field == "entries":
            channel["entries"] = number(stats, key)
        else:
            channel["failed"] = bool(number(stats, key))
    return [found[k] for k in sorted(found)]


def recorded_drops(stats: Stats) -> int:
    """Pages the pipelines dropped for what they are (not an article, too
    short, ...), which the archive records so later runs skip them."""
    return sum(n for reason, n in dropped(stats).items() if reason in RECORDED_REASONS)


def benign_failures(stats: Stats, error_statuses: Iterable[str] = DEFAULT_ERROR_STATUSES) -> int:
    """Fetches that ended without a page but normally (robots.txt, a 404)."""
    patterns = list(error_statuses)
    return sum(count for reason, count in by_suffix(stats, FAILED_PREFIX).items()
               if not is_failure(reason, patterns))


def new_articles(stats: Stats, incremental: bool = True) -> int:
    """Article URLs of this run not in the archive yet: what the incremental
    look-up let through as new; without it, every article URL requested."""
    if incremental:
        return number(stats, "newscrawl/incremental/new")
    return number(stats, "newscrawl/discovery/articles") or number(stats, "newscrawl/discovery/article_urls")


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
