"""The processing stages of an article, as plain functions.

Each item pipeline (``newscrawl/pipelines/``) is a thin Scrapy wrapper around
one of these; ``newscrawl extract`` and ``newscrawl normalize`` chain the same
functions, so a page gives the same record in a crawl and on the command line.
No Scrapy imports here: researchers can call this module directly.

An item is a dict. The raw page travels under ``_page`` (body bytes, declared
encoding, HTTP validators, discovery hints); stages add schema fields and a few
transient ``_``-prefixed keys that :func:`newscrawl.schema.to_document` drops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscrawl.agencies import AgencyRegistry, analyse_credits
from newscrawl.dates import DateCandidate, resolve_dates
from newscrawl.extraction import ExtractionOptions, NotAnArticle, extract_article


class Dropped(Exception):
    """The item is not stored; ``reason`` is a stable short name for stats."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class ValidationRules:
    """What an item needs to be archived (see NEWSCRAWL_MIN_TEXT_CHARS...)."""

    min_text_chars: int = 250
    require_title: bool = True


def extract_stage(item: dict[str, Any], options: ExtractionOptions | None = None) -> dict[str, Any]:
    """Main text and metadata from the raw page in ``item['_page']``."""
    page = item["_page"]
    try:
        article = extract_article(page["body"], item["url"], options=options,
                                  declared_encoding=page.get("declared_encoding"))
    except NotAnArticle as exc:
        raise Dropped(exc.reason, str(exc)) from None
    fields = article.as_fields()
    item["_date_candidates"] = list(fields.pop("date_candidates", []) or [])
    item["_credit_names"] = list(fields.pop("credit_names", []) or [])
    for key, value in fields.items():
        if key in ("title", "kicker", "lead", "text", "language", "authors", "extractor"):
            item[key] = value
        else:
            item.setdefault("_meta", {})[key] = value
    return item


def validate_stage(item: dict[str, Any], rules: ValidationRules) -> dict[str, Any]:
    """Drop what is not worth archiving, with the reason."""
    text = (item.get("text") or "").strip()
    if not text:
        raise Dropped("no_text")
    if len(text) < rules.min_text_chars:
        raise Dropped("too_short", f"{len(text)} < {rules.min_text_chars} characters")
    if rules.require_title and not (item.get("title") or "").strip():
        raise Dropped("no_title")
    return item


def hint_date_candidates(hints: dict[str, Any]) -> list[DateCandidate]:
    """Date candidates carried from discovery (feed entry, news sitemap)."""
    candidates = []
    feed = hints.get("feed") or {}
    sitemap = hints.get("sitemap") or {}
    for source, field, value in (
        ("feed", "published", feed.get("published")),
        ("feed", "modified", feed.get("updated")),
        ("sitemap", "published", sitemap.get("publication_date")),
        ("sitemap", "modified", sitemap.get("lastmod")),
    ):
        if value:
            candidates.append(DateCandidate(source, field, value))
    return candidates


def dates_stage(item: dict[str, Any], *, timezone: str, fetched_at: datetime | None = None,
                extra_candidates: Sequence[DateCandidate] = ()) -> dict[str, Any]:
    """Publication and modification times in UTC with their precision."""
    hints = (item.get("_page") or {}).get("hints") or {}
    candidates = [*item.get("_date_candidates", ()), *hint_date_candidates(hints), *extra_candidates]
    languages = [item["language"]] if item.get("language") else None
    resolution = resolve_dates(candidates, url=item.get("url"), timezone=timezone,
                               fetched_at=fetched_at or item.get("fetched_at"), languages=languages)
    fields = resolution.as_fields()
    item["_date_rejected"] = list(fields.pop("rejected", []) or [])
    item.update(fields)
    return item


def agencies_stage(item: dict[str, Any], *, registry: AgencyRegistry | None = None,
                   default_agency: str | None = None, strip_dateline: bool = False) -> dict[str, Any]:
    """Agency credits and dateline; the credit line leaves the body text."""
    hints = (item.get("_page") or {}).get("hints") or {}
    feed_author = (hints.get("feed") or {}).get("author")
    meta_names = [*item.get("_credit_names", ()), *([feed_author] if feed_author else [])]
    analysis = analyse_credits(
        item.get("text") or "", authors=item.get("authors") or [], meta_names=meta_names,
        language=item.get("language"), default_agency=default_agency,
        strip_dateline=strip_dateline, registry=registry,
    )
    item.update(analysis.as_fields())
    return item


def build_record(body: bytes, url: str, *, source_name: str, timezone: str = "UTC",
                 language: str | None = None, default_agency: str | None = None,
                 fetched_at: datetime, hints: dict[str, Any] | None = None,
                 rules: ValidationRules | None = None,
                 agency_registry: AgencyRegistry | None = None,
                 strip_dateline: bool = False,
                 declared_encoding: str | None = None) -> dict[str, Any]:
    """Run every stage on one page and return the document as it is stored.

    The same chain the item pipelines run, for ``newscrawl extract`` and
    re-extraction from stored pages. Raises :class:`Dropped`.
    """
    from newscrawl.schema import canonical_url, domain_of, to_document

    url = canonical_url(url)
    item: dict[str, Any] = {
        "url": url, "source": source_name, "domain": domain_of(url), "fetched_at": fetched_at,
        "_page": {"body": body, "hints": hints or {}, "declared_encoding": declared_encoding},
    }
    extract_stage(item)
    item["language"] = item.get("language") or language
    validate_stage(item, rules or ValidationRules())
    dates_stage(item, timezone=timezone)
    agencies_stage(item, registry=agency_registry, default_agency=default_agency,
                   strip_dateline=strip_dateline)
    item.setdefault("first_seen", fetched_at)
    return to_document(item)
