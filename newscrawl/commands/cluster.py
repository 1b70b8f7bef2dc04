"""``newscrawl cluster [--source NAME]...``: near-duplicate clusters for
articles stored without one.

The dedupe stage clusters articles as they are crawled. Articles archived
before it existed, or stored while its lookup could not reach the database,
have ``cluster_id: null``; this command gives them one with the same index
(:class:`newscrawl.store.clusters.ClusterIndex`) and settings, oldest first
(``first_seen``), so the earliest copy of a story names its cluster as in a
crawl. An article a crawl replaced meanwhile is left for the next run
(``changed_meanwhile``): the whole document is only replaced if its
``last_seen`` is still the one read.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from typing import Any

from pymongo.errors import PyMongoError

from newscrawl.commands import (
    add_settings_option,
    add_source_filter,
    open_archive,
    parse_setting_overrides,
)
from newscrawl.pipelines.dedupe import cluster_params
from newscrawl.runner import project_settings
from newscrawl.store.clusters import ClusterIndex
from newscrawl.store.mongo import ARTICLES, ensure_indexes, error_reason

BATCH = 100


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "cluster", help="near-duplicate clusters for unclustered articles"
    )
    add_source_filter(parser)
    add_settings_option(parser)
    parser.set_defaults(func=run)


def cluster_unassigned(db, settings, *, sources: Iterable[str] = ()) -> Counter:
    """Assign clusters to the articles without one; counts by outcome."""
    index = ClusterIndex(db, cluster_params(settings))
    query: dict[str, Any] = {"cluster_id": None}
    if sources:
        query["source"] = {"$in": list(sources)}
    articles = db[ARTICLES]
    ids = [d["_id"] for d in articles.find(query, {"_id": 1}).sort("first_seen", 1)]
    counts: Counter = Counter()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        docs = {d["_id"]: d for d in articles.find({"_id": {"$in": chunk}})}
        for url_id in chunk:  # in first_seen order
            doc = docs.get(url_id)
            if doc is None or doc.get("cluster_id"):
                counts["changed_meanwhile"] += 1
                continue
            cluster_id = index.assign(url_id, doc.get("text") or "")
            if cluster_id is None:
                counts["no_text"] += 1
                continue
            # whole document (dates keep their type), only if no crawl replaced it meanwhile
            outcome = articles.replace_one(
                {"_id": url_id, "last_seen": doc.get("last_seen")},
                {**doc, "cluster_id": cluster_id},
            )
            counts["clustered" if outcome.matched_count else "changed_meanwhile"] += 1
    return counts


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    client, db = open_archive(settings)
    try:
        ensure_indexes(db)
        counts = cluster_unassigned(db, settings, sources=args.source)
    except PyMongoError as exc:
        print(f"newscrawl cluster: database unavailable: {error_reason(exc)}", file=sys.stderr)
        return 1
    finally:
        client.close()
    print(
        f"{sum(counts.values())} articles without a cluster: "
        + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none")
    )
    return 0
