"""``newscrawl stats``: article counts by source, language and month."""

from __future__ import annotations

from collections import Counter

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.runner import project_settings
from newscrawl.store.mongo import ARTICLES, open_database


def archive_counts(db) -> dict[str, Counter]:
    """Counts of the ``articles`` collection. Months are counted client-side
    from a projection: portable across MongoDB and the embedded server."""
    counts = {"source": Counter(), "language": Counter(), "month": Counter()}
    for doc in db[ARTICLES].find({}, {"source": 1, "language": 1, "published": 1,
                                      "published_precision": 1}):
        counts["source"][doc.get("source") or "-"] += 1
        counts["language"][doc.get("language") or "-"] += 1
        published = doc.get("published")
        precise = doc.get("published_precision") not in (None, "year")
        counts["month"][published.strftime("%Y-%m") if published and precise else "undated"] += 1
    return counts


def format_counts(counts: dict[str, Counter]) -> str:
    lines = []
    for title, counter in counts.items():
        lines.append(f"{title}:")
        keys = sorted(counter) if title == "month" else [k for k, _ in counter.most_common()]
        for key in keys:
            lines.append(f"  {key:<24} {counter[key]:>8}")
    return "\n".join(lines)


def register(subparsers) -> None:
    parser = subparsers.add_parser("stats", help="article counts by source, language and month")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    client, db = open_database(project_settings(parse_setting_overrides(args.set)))
    try:
        counts = archive_counts(db)
        total = sum(counts["source"].values())
        print(f"{total} articles in {db.name}")
        print(format_counts(counts))
    finally:
        client.close()
    return 0
