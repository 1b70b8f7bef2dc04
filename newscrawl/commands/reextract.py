"""``newscrawl reextract [--source NAME]... [--since DATE]``: rebuild articles
from their stored raw pages, without the network.

When the extraction, date or agency code improves, the archive should not
wait for the outlets to publish again. Every selected article's raw page
(``pages``, the version the article currently shows) runs through
:func:`newscrawl.stages.build_record` - the chain a crawl runs - and is written
through the archive writer as a re-extraction: a different result becomes a
new version (the previous one goes to ``article_versions``, reason
``reextracted``), the same result with a newer extractor only records that
extractor, the same result changes nothing. Fetch times and counts stay.

Articles without a stored page (archived before pages were kept, or with
``NEWSCRAWL_ARCHIVE_PAGES`` off) are counted as ``no_page``; a page the new
code drops (not an article any more) is counted and the article left alone.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from pymongo.errors import PyMongoError

from newscrawl.agencies import load_registry as load_agency_registry
from newscrawl.commands import (
    add_settings_option,
    add_source_filter,
    open_archive,
    parse_setting_overrides,
)
from newscrawl.pipelines.store import writer_from_settings
from newscrawl.runner import project_settings
from newscrawl.sources import SourceError, get_source, load_registry
from newscrawl.stages import Dropped, ValidationRules, build_record
from newscrawl.store.captures import REEXTRACT, Capture
from newscrawl.store.mongo import ARTICLES, ensure_indexes, error_reason
from newscrawl.store.pages import PageError
from newscrawl.store.writer import ArchiveWriter


def register(subparsers) -> None:
    parser = subparsers.add_parser("reextract", help="re-run extraction on stored raw pages")
    add_source_filter(parser)
    parser.add_argument(
        "--since",
        type=parse_since,
        metavar="DATE",
        help="only article versions fetched on or after DATE (ISO 8601, UTC if no offset)",
    )
    add_settings_option(parser)
    parser.set_defaults(func=run)


def parse_since(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 date such as 2024-03-01"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def selection(sources: Iterable[str], since: datetime | None) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if sources:
        query["source"] = {"$in": list(sources)}
    if since is not None:
        query["fetched_at"] = {"$gte": since}
    return query


class Reextractor:
    """Turns stored articles into re-extraction captures, counting what it skips."""

    def __init__(self, settings, registry) -> None:
        self.registry = registry
        self.rules = ValidationRules(
            min_text_chars=settings.getint("NEWSCRAWL_MIN_TEXT_CHARS"),
            require_title=settings.getbool("NEWSCRAWL_REQUIRE_TITLE"),
        )
        self.agencies = load_agency_registry(settings.get("NEWSCRAWL_AGENCY_REGISTRY") or None)
        self.strip_dateline = settings.getbool("NEWSCRAWL_STRIP_DATELINE")
        self.counts: Counter = Counter()

    def capture(self, article: dict[str, Any], writer: ArchiveWriter) -> Capture | None:
        assert writer.page_store is not None
        page = writer.page_store.find(article["_id"], article["fetched_at"])
        if page is None:
            self.counts["no_page"] += 1
            return None
        try:
            body = writer.page_store.body(page)
            source = get_source(self.registry, article["source"])
        except (PageError, SourceError) as exc:
            self.counts["unreadable" if isinstance(exc, PageError) else "unknown_source"] += 1
            print(f"newscrawl reextract: {article['url']}: {exc}", file=sys.stderr)
            return None
        try:
            record = build_record(
                body,
                article["url"],
                source_name=source.name,
                timezone=source.timezone,
                language=source.language,
                default_agency=source.default_agency,
                fetched_at=article["fetched_at"],
                hints=page.get("hints") or {},
                declared_encoding=page.get("declared_encoding"),
                rules=self.rules,
                agency_registry=self.agencies,
                strip_dateline=self.strip_dateline,
            )
        except Dropped as exc:
            self.counts[f"dropped/{exc.reason}"] += 1
            return None
        return Capture(
            url_id=article["_id"],
            fetched_at=article["fetched_at"],
            kind=REEXTRACT,
            doc=record,
            status=page.get("status"),
        )


def batches(cursor: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for doc in cursor:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def reextract(
    db, settings, *, sources: Iterable[str] = (), since: datetime | None = None
) -> Counter:
    """Re-extract the selected articles; returns counts by outcome."""
    writer = writer_from_settings(settings, db)
    if writer.page_store is None:  # reading pages does not need the setting that keeps new ones
        writer = ArchiveWriter(db, max_document_bytes=writer.max_document_bytes)
    worker = Reextractor(settings, load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES")))
    cursor = db[ARTICLES].find(selection(sources, since)).sort("_id", 1)
    for articles in batches(cursor, max(1, settings.getint("NEWSCRAWL_MONGO_BATCH_SIZE"))):
        captures = [c for c in (worker.capture(a, writer) for a in articles) if c is not None]
        if captures:
            result = writer.write(captures)
            worker.counts.update(result.outcomes)
            if result.failed:
                worker.counts["failed"] += len(result.failed)
    return worker.counts


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    client, db = open_archive(settings)
    try:
        ensure_indexes(db)
        counts = reextract(db, settings, sources=args.source, since=args.since)
    except PyMongoError as exc:
        print(f"newscrawl reextract: database unavailable: {error_reason(exc)}", file=sys.stderr)
        return 1
    finally:
        client.close()
    total = sum(counts.values())
    print(
        f"{total} articles: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none")
    )
    return 1 if counts["failed"] else 0
