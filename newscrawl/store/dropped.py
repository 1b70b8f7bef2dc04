"""Pages the pipelines dropped as no article: which drops the archive records,
and what one does to the page's entry in ``dropped_pages``.

A feed that keeps listing a video page, a section front or a paywall stub
would make every scheduled run fetch and extract it again. So a page dropped
for what it *is* (the reasons in :data:`RECORDED_REASONS`) is recorded like a
fetch: an entry in the ``fetches`` log (kind ``dropped``, with the reason) and
the page's state in ``dropped_pages`` (``_id`` = the article id its URL would
have), which incremental crawling looks up by ``_id`` next to ``articles``.

A drop for what went *wrong* (``extract_timeout``, ``extract_error``,
``worker_crashed``, an ``empty`` body, and any reason not listed) is not
recorded: the next run fetches the page again. Unknown reasons default to
"not recorded", so a new transient failure can never make a page be skipped.

Pure functions over documents, no database, no Scrapy.
"""

from __future__ import annotations

from typing import Any

from newscrawl.store.captures import DROPPED, Capture

#: Drop reasons that describe the page, not a failure: recorded, so
#: incremental crawls skip the page until it is due for a re-check.
#: Extraction (:class:`newscrawl.extraction.NotAnArticle`): ``listing_page``,
#: ``gallery``, ``video_page``, ``paywall_stub``, ``not_html``, ``no_text``,
#: ``too_short``, ``too_large`` and ``too_deep`` (limits on the page itself);
#: validation (:func:`newscrawl.stages.validate_stage`): ``no_text``,
#: ``too_short``, ``no_title``.
RECORDED_REASONS = frozenset(
    {
        "listing_page",
        "gallery",
        "video_page",
        "paywall_stub",
        "not_html",
        "no_text",
        "too_short",
        "too_large",
        "too_deep",
        "no_title",
    }
)

#: Outcome of a dropped capture that updated the page's state.
RECORDED = "dropped"
#: Outcome of one not newer than the recorded state (a replay): fetch log only.
STALE = "stale"


def records_drop(reason: str | None) -> bool:
    """Whether a page dropped for ``reason`` is recorded as done for now."""
    return reason in RECORDED_REASONS


def apply_drop(
    stored: dict[str, Any] | None, capture: Capture
) -> tuple[str, dict[str, Any] | None]:
    """Outcome and new ``dropped_pages`` document (None: keep the stored one)
    of a dropped capture; ``stored`` is the page's current entry, if any.

    The document is written whole (``ReplaceOne``), so its dates stay BSON
    dates on every server; a capture not newer than the stored ``last_seen``
    changes nothing, which makes a spool replay idempotent."""
    assert capture.kind == DROPPED
    if stored is not None and stored.get("last_seen") and capture.fetched_at <= stored["last_seen"]:
        return STALE, None
    previous = stored or {}
    return RECORDED, {
        "_id": capture.url_id,
        "url_id": capture.url_id,
        "url": capture.url,
        "source": capture.source,
        "reason": capture.reason,
        "status": capture.status,
        "first_seen": previous.get("first_seen") or capture.fetched_at,
        "last_seen": capture.fetched_at,
        "fetch_count": int(previous.get("fetch_count") or 0) + 1,
        "run_id": capture.run_id,
        # a 304 need not repeat the validators: the stored ones still hold
        "http_etag": capture.etag or previous.get("http_etag"),
        "http_last_modified": capture.last_modified or previous.get("http_last_modified"),
    }
