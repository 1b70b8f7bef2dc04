"""``newscrawl stats``: article counts by source, language, month, agency and
date precision, and items dropped by reason in the recorded crawls."""

from __future__ import annotations

from collections import Counter

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.export.summary import (
    ArchiveSummary,
    RunsSummary,
    by_precision,
    summarise_archive,
    summarise_runs,
)
from newscrawl.runner import project_settings
from newscrawl.store.mongo import open_database


def table(title: str, counter: Counter, total: int | None = None) -> list[str]:
    """``title:`` then one ``  key  count  share`` line per key."""
    lines = [f"{title}:"]
    if title == "precision":  # coarse to fine
        keys = [key for key, _ in by_precision(counter)]
    elif title == "month":  # in time order
        keys = sorted(counter)
    else:
        keys = [k for k, _ in counter.most_common()]
    for key in keys:
        share = f" {counter[key] / total:>7.1%}" if total else ""
        lines.append(f"  {key:<24} {counter[key]:>8}{share}")
    if not keys:
        lines.append("  (none)")
    return lines


def format_stats(archive: ArchiveSummary, runs: RunsSummary) -> str:
    lines = []
    for title in ("source", "language", "month", "agency", "precision"):
        lines += table(title, getattr(archive, title), archive.total)
    if runs.recorded:
        lines += table(f"dropped by reason (in {runs.recorded} recorded runs)", runs.drops)
    else:
        lines.append("dropped by reason: no runs recorded")
    return "\n".join(lines)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "stats", help="article counts by source, language, month, agency, precision; drops")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    client, db = open_database(project_settings(parse_setting_overrides(args.set)))
    try:
        archive, runs = summarise_archive(db), summarise_runs(db)
    finally:
        client.close()
    print(f"{archive.total} articles in {db.name}")
    print(format_stats(archive, runs))
    return 0
