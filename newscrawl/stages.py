"""The processing stages of an article, as plain functions.

Each item pipeline (``newscrawl/pipelines/``) is a thin Scrapy wrapper around
one of these; ``newscrawl extract`` and ``newscrawl normalize`` chain the same
functions, so a page gives the same record in a crawl and on the command line.
No Scrapy imports here: researchers can call this module directly. Nor the
extraction libraries, until :func:`extract_stage` first runs (the crawl
process imports this module and, with extraction workers, never extracts).

An item is a dict. The raw page travels under ``_page`` (body bytes, declared
encoding, HTTP validators, discovery hints); stages add schema fields and a few
transient ``_``-prefixed keys that :func:`newscrawl.schema.to_document` drops.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.agencies import AgencyRegistry, analyse_credits
from newscrawl.dates import DateCandidate, resolve_dates
from newscrawl.extraction.article import PAYWALL_STUB_CHARS, NotAnArticle
from newscrawl.extraction.credited import with_people
from newscrawl.extraction.options import ExtractionOptions
from newscrawl.schema import ACCESS_PAYWALLED, iso_utc

if TYPE_CHECKING:
    from newscrawl.sources import Source


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
    #: A paywalled article (``access: paywalled``) showing only its teaser is
    #: kept; True drops it as ``paywall_stub`` (see NEWSCRAWL_DROP_PAYWALLED).
    drop_paywalled: bool = False


def extract_stage(item: dict[str, Any], options: ExtractionOptions | None = None) -> dict[str, Any]:
    """Main text and metadata from the raw page in ``item['_page']``.

    Extraction's libraries (trafilatura, htmldate, py3langid...) are imported
    here, on the first page, not with this module: the crawl process imports
    the stages for validation, dates and agencies, and extracts only with
    ``NEWSCRAWL_EXTRACT_WORKERS=0``; with workers it never holds them."""
    from newscrawl.extraction.core import extract_article

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
        if key in ("kicker", "title", "lead", "text", "language", "authors", "byline", "extractor",
                   "access"):
            item[key] = value
        else:
            item.setdefault("_meta", {})[key] = value
    return item


def validate_stage(item: dict[str, Any], rules: ValidationRules) -> dict[str, Any]:
    """Drop what is not worth archiving, with the reason. A paywalled
    article is worth it for its title, dates, authors and agencies: its
    teaser is not held to ``min_text_chars`` unless the rules drop it."""
    text = (item.get("text") or "").strip()
    if item.get("access") == ACCESS_PAYWALLED:
        if rules.drop_paywalled and len(text) < PAYWALL_STUB_CHARS:
            raise Dropped("paywall_stub", f"paywalled, {len(text)} characters of teaser")
        if rules.require_title and not (item.get("title") or "").strip():
            raise Dropped("no_title")
        return item
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
    if analysis.signoff is not None and isinstance(item.get("byline"), list):
        item["byline"] = with_people(item["byline"], list(analysis.signoff.people))
    if item.get("byline") == [] and analysis.text_agencies:
        item["byline"] = list(analysis.text_agencies)
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


def extract_record(page: bytes | str, url: str | None = None, *,
                   source: str | Source | None = None,
                   source_files: Iterable[str | Path] = (),
                   fetched_at: datetime | None = None,
                   rules: ValidationRules | None = None,
                   agency_registry: AgencyRegistry | None = None,
                   strip_dateline: bool = False) -> dict[str, Any]:
    """The full record of one saved page, as ``newscrawl extract`` prints it.

    One call for researchers: title, text, authors, dates (aware UTC
    datetimes with precision and source), agencies, credit and dateline, with
    the outlet's time zone, language and default agency when ``source`` (a
    registry name, looked up in the bundled sources and ``source_files``, or
    a :class:`~newscrawl.sources.Source`) is given. ``url`` defaults to the
    page's own ``file://`` address when ``page`` is read from a path by the
    caller; it names the record (``_id``). Raises :class:`Dropped` for a page
    that is no article, :class:`newscrawl.sources.SourceError` for an
    unknown source. For example::

        record = extract_record(Path("story.html").read_bytes(),
                                "https://www.derstandard.at/story/1", source="derstandard")
        record["published"], record["agencies"], record["dateline"]
    """
    if isinstance(source, str):
        from newscrawl.sources import get_source, load_registry

        source = get_source(load_registry(source_files), source)
    body = page.encode("utf-8") if isinstance(page, str) else page
    return build_record(
        body, url or "file:///page.html",
        source_name=source.name if source else "local",
        timezone=source.timezone if source else "UTC",
        language=source.language if source else None,
        default_agency=source.default_agency if source else None,
        fetched_at=fetched_at or datetime.now(UTC),
        rules=rules, agency_registry=agency_registry, strip_dateline=strip_dateline,
        declared_encoding="utf-8" if isinstance(page, str) else None,
    )


def json_default(value: Any) -> Any:
    """``json.dumps`` default of a record: dates in the archive's one text form
    (:func:`newscrawl.schema.iso_utc`)."""
    if isinstance(value, datetime):
        return iso_utc(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
