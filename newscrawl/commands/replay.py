"""``newscrawl replay``: write spooled captures back into the archive.

After an outage of the database, crawls leave what it did not take in
``<NEWSCRAWL_DATA_DIR>/spool/*.jsonl`` (see :mod:`newscrawl.store.spool`).
Documents spooled without a near-duplicate cluster (the dedupe stage could
not reach the database either) get one first. Replay writes them through
the same writer as a crawl, so it is idempotent
(running it twice, or replaying a batch that was in fact written, changes
nothing), removes only what the database acknowledged, moves corrupt lines to
``spool/corrupt/`` and skips the spool of a crawl that is still running.

Exit status: 0 when the spool is empty afterwards, 1 when captures remain
(database still unreachable, documents rejected), 2 on bad arguments.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from pymongo.errors import PyMongoError

from newscrawl.commands import add_settings_option, open_archive, parse_setting_overrides
from newscrawl.pipelines.dedupe import cluster_params
from newscrawl.pipelines.store import spool_dir, writer_from_settings
from newscrawl.runner import project_settings
from newscrawl.store.captures import Capture
from newscrawl.store.clusters import ClusterIndex
from newscrawl.store.mongo import ensure_indexes
from newscrawl.store.spool import replay_spool, spool_files


def register(subparsers) -> None:
    parser = subparsers.add_parser("replay", help="write spooled captures back into the archive")
    parser.add_argument(
        "--spool-dir",
        help="spool directory (default: NEWSCRAWL_SPOOL_DIR, else <NEWSCRAWL_DATA_DIR>/spool)",
    )
    add_settings_option(parser)
    parser.set_defaults(func=run)


def cluster_missing(settings, db) -> Callable[[Capture], None] | None:
    """Clusters for documents spooled while the dedupe stage could not reach
    the database (they were stored without ``cluster_id``)."""
    if not settings.getbool("NEWSCRAWL_DEDUPE"):
        return None
    index = ClusterIndex(db, cluster_params(settings))

    def prepare(capture: Capture) -> None:
        doc = capture.doc
        if doc is not None and not doc.get("cluster_id") and (doc.get("text") or "").strip():
            doc["cluster_id"] = index.assign(capture.url_id, doc["text"])

    return prepare


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    directory = Path(args.spool_dir) if args.spool_dir else spool_dir(settings)
    if args.spool_dir and not directory.is_dir():
        print(f"newscrawl replay: {directory} is not a directory", file=sys.stderr)
        return 2
    if not spool_files(directory):
        print(f"spool {directory} is empty")
        return 0
    client, db = open_archive(settings)
    try:
        ensure_indexes(db)
        report = replay_spool(
            directory,
            writer_from_settings(settings, db),
            batch_size=max(1, settings.getint("NEWSCRAWL_MONGO_BATCH_SIZE")),
            prepare=cluster_missing(settings, db),
        )
    except PyMongoError as exc:  # down at index creation
        print(f"newscrawl replay: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(report.outcomes.items())) or "-"
    print(
        f"replayed {report.replayed} captures from {report.files} files ({outcomes}); "
        f"{report.retained} kept in the spool, {report.corrupt} corrupt lines moved to "
        f"{directory / 'corrupt'}"
    )
    for name in report.busy:
        print(f"skipped {name}: its crawl is still running")
    if report.error:
        print(f"newscrawl replay: {report.error}", file=sys.stderr)
    return 0 if report.retained == 0 and not report.error and not report.busy else 1
