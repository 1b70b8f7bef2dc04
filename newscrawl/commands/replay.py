"""``newscrawl replay``: write spooled captures back into the archive.

After an outage of the database, crawls leave what it did not take in
``<NEWSCRAWL_DATA_DIR>/spool/*.jsonl`` (see :mod:`newscrawl.store.spool`).
Documents spooled without a near-duplicate cluster (the dedupe stage could
not reach the database either) get one first. Replay writes them through
the same writer as a crawl, so it is idempotent
(running it twice, or replaying a batch that was in fact written, changes
nothing), removes only what the database acknowledged, moves corrupt lines to
``spool/corrupt/`` and skips the spool of a crawl that is still running.

Each spool file names the database it was meant for (URI without password,
database name): its captures go there, with the configured URI's
credentials when that names the same server. Damaged lines, captures the
database refuses and unreadable files are skipped and named, never a crash.

Exit status: 0 when the spool is empty afterwards, 1 when captures remain
(database still unreachable, documents rejected), 2 on bad arguments or an
invalid ``NEWSCRAWL_MONGO_URI``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from pymongo.errors import PyMongoError

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.pipelines.dedupe import cluster_params
from newscrawl.pipelines.store import spool_dir, writer_from_settings
from newscrawl.runner import project_settings
from newscrawl.store.captures import Capture
from newscrawl.store.clusters import ClusterIndex
from newscrawl.store.embedded import EmbeddedServerError
from newscrawl.store.mongo import (
    connect,
    database_name,
    ensure_indexes,
    error_reason,
    invalid_uri_message,
    redact_uri,
    resolve_uri,
)
from newscrawl.store.spool import (
    ReplayReport,
    read_target,
    replay_spool,
    spool_files,
    spooled_count,
)


def register(subparsers) -> None:
    parser = subparsers.add_parser("replay", help="write spooled captures back into the archive")
    parser.add_argument(
        "--spool-dir",
        help="spool directory (default: NEWSCRAWL_SPOOL_DIR, else <NEWSCRAWL_DATA_DIR>/spool)",
    )
    parser.add_argument(
        "--into-configured", action="store_true",
        help="write every spool file into the configured database, not the one it names "
             "(the server moved or was renamed)",
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


def connection_for(target: dict[str, str] | None, settings) -> tuple[str, str]:
    """URI and database to replay a spool file into: the database the file
    names; with the configured URI (and so its credentials) when that points
    to the same server, else the recorded URI (which has no password). A file
    that names none goes to the configured database."""
    configured = resolve_uri(settings)
    if target is None:
        return configured, database_name(settings)
    if redact_uri(configured) == target.get("uri"):
        return configured, target.get("database") or database_name(settings)
    return target.get("uri") or configured, target.get("database") or database_name(settings)


def group_by_target(files: list[Path]) -> dict[tuple[str, str] | None, list[Path]]:
    groups: dict[tuple[str, str] | None, list[Path]] = {}
    for path in files:
        try:
            target = read_target(path)
        except OSError:
            target = None  # replay_spool names the file it cannot read
        key = (target.get("uri", ""), target.get("database", "")) if target else None
        groups.setdefault(key, []).append(path)
    return groups


def replay_group(settings, directory: Path, target: dict[str, str] | None,
                 files: list[Path]) -> tuple[str, ReplayReport]:
    """Replay ``files`` into their database; a label for it and the report."""
    uri, name = connection_for(target, settings)
    label = f"{redact_uri(uri)} database {name}"
    report = ReplayReport()
    client = None
    try:
        client = connect(uri, timeout_ms=settings.getint("NEWSCRAWL_MONGO_TIMEOUT_MS"))
        db = client[name]
        ensure_indexes(db)
        replay_spool(directory, writer_from_settings(settings, db),
                     batch_size=max(1, settings.getint("NEWSCRAWL_MONGO_BATCH_SIZE")),
                     prepare=cluster_missing(settings, db), files=files, report=report)
    except PyMongoError as exc:  # down at index creation
        report.error = f"database unavailable: {error_reason(exc)}"
        report.retained += sum(spooled_count(path) for path in files)
    finally:
        if client is not None:
            client.close()
    return label, report


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    problem = invalid_uri_message(settings)
    if problem:
        print(f"newscrawl replay: {problem}", file=sys.stderr)
        return 2
    directory = Path(args.spool_dir) if args.spool_dir else spool_dir(settings)
    if args.spool_dir and not directory.is_dir():
        print(f"newscrawl replay: {directory} is not a directory", file=sys.stderr)
        return 2
    files = spool_files(directory)
    if not files:
        print(f"spool {directory} is empty")
        return 0
    ok = True
    for key, group in group_by_target(files).items():
        target = {"uri": key[0], "database": key[1]} if key and not args.into_configured else None
        try:
            label, report = replay_group(settings, directory, target, group)
        except EmbeddedServerError as exc:
            print(f"newscrawl replay: the embedded archive server cannot start: {exc}", file=sys.stderr)
            return 1
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(report.outcomes.items())) or "-"
        print(f"replayed {report.replayed} captures from {report.files} files into {label} "
              f"({outcomes}); {report.retained} kept in the spool, {report.corrupt} damaged lines "
              f"set aside in {directory / 'corrupt'}")
        if report.rejected:
            print(f"skipped {report.rejected} captures the database refused (kept in the spool; see the log)")
        for name in report.busy:
            print(f"skipped {name}: its crawl is still running")
        for line in report.unreadable:
            print(f"skipped {line}")
        if report.error:
            print(f"newscrawl replay: {label}: {report.error}", file=sys.stderr)
        ok = ok and report.retained == 0 and not report.error and not report.busy and not report.unreadable
    return 0 if ok else 1
