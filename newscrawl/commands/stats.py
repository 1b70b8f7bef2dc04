"""``newscrawl stats``: article counts by source, language, month, agency and
date precision, and items dropped by reason in the recorded crawls.

Takes the filters of ``newscrawl export`` (the counts are those of the corpus
that export would write) and ``--json`` for a machine-readable answer.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from newscrawl.commands import add_settings_option, open_archive, parse_setting_overrides
from newscrawl.commands.export import add_filter_options, archive_filters, check_dates
from newscrawl.export.filters import ExportFilters
from newscrawl.export.summary import (
    ArchiveSummary,
    RunsSummary,
    by_precision,
    summarise_runs,
)
from newscrawl.runner import project_settings
from newscrawl.store.mongo import ARTICLES

#: The fields the tables count (and ``cluster_id`` for --one-per-cluster).
COUNTED = {"source": 1, "language": 1, "agencies": 1, "published": 1,
           "published_precision": 1, "cluster_id": 1, "_id": 0}
TABLES = ("source", "language", "month", "agency", "precision")


def ordered(title: str, counter: Counter) -> list[tuple[str, int]]:
    """Precisions coarse to fine, months in time order, the rest by count."""
    if title == "precision":
        return by_precision(counter)
    if title == "month":
        return sorted(counter.items())
    return counter.most_common()


def table(title: str, counter: Counter, total: int | None = None) -> list[str]:
    """``title:`` then one ``  key  count  share`` line per key."""
    lines = [f"{title}:"]
    keys = [key for key, _ in ordered(title, counter)]
    for key in keys:
        share = f" {counter[key] / total:>7.1%}" if total else ""
        lines.append(f"  {key:<24} {counter[key]:>8}{share}")
    if not keys:
        lines.append("  (none)")
    return lines


def format_stats(archive: ArchiveSummary, runs: RunsSummary) -> str:
    lines = []
    for title in TABLES:
        lines += table(title, getattr(archive, title), archive.total)
    if runs.recorded:
        lines += table(f"dropped by reason (in {runs.recorded} recorded runs)", runs.drops)
    else:
        lines.append("dropped by reason: no runs recorded")
    return "\n".join(lines)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "stats", help="article counts by source, language, month, agency, precision; drops",
        description=__doc__)
    add_filter_options(parser)
    parser.add_argument("--json", action="store_true",
                        help="one JSON object (counts by table, filters, drops) instead of tables")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def selected(db, filters: ExportFilters) -> Iterator[Mapping[str, Any]]:
    """The documents the filters select, as ``newscrawl export`` would write them."""
    cursor = db[ARTICLES].find(filters.query(), COUNTED).batch_size(1000)
    if not filters.one_per_cluster:
        return iter(cursor)
    from newscrawl.export.run import one_per_cluster

    return one_per_cluster(cursor.sort([("cluster_id", 1), ("published", 1), ("_id", 1)]))


def summarise(docs: Iterator[Mapping[str, Any]]) -> ArchiveSummary:
    summary = ArchiveSummary()
    for doc in docs:
        summary.add(doc)
    return summary


def as_json(database: str, filters: ExportFilters, archive: ArchiveSummary,
            runs: RunsSummary) -> dict[str, Any]:
    counts = {title: dict(ordered(title, getattr(archive, title))) for title in TABLES}
    return {"database": database, "articles": archive.total, "filters": filters.describe(),
            **counts,
            "dropped": {"recorded_runs": runs.recorded, "by_reason": dict(runs.drops.most_common())}}


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    check_dates(args)
    client, db = open_archive(settings, reading=True)
    try:
        filters = archive_filters(args, db, settings)
        archive, runs = summarise(selected(db, filters)), summarise_runs(db)
    finally:
        client.close()
    if args.json:
        print(json.dumps(as_json(db.name, filters, archive, runs), ensure_ascii=False, indent=2))
        return 0
    print(f"{archive.total} articles in {db.name}")
    print(format_stats(archive, runs))
    return 0
