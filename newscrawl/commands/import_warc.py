"""``newscrawl import-warc FILE|URL ... [--source NAME] [--catch-all NAME]``:
import the HTML pages of WARC files through the crawl's stages (docs/warc.md).

Files are read where they are; URLs are downloaded first (resumable, size
and digest checked) to ``NEWSCRAWL_WARC_DOWNLOAD_DIR`` and deleted after the
import. Exit code 1 when a file cannot be read or the archive refused
documents; records skipped for what they are (unknown domain, not HTML,
revisit, truncated, damaged) are counted, not errors.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pymongo.errors import PyMongoError

from newscrawl.commands import add_settings_option, parse_setting_overrides
from newscrawl.runner import project_settings
from newscrawl.sources import load_registry
from newscrawl.store.mongo import ensure_indexes, error_reason, open_database
from newscrawl.warc.download import DownloadError, DownloadOptions, download
from newscrawl.warc.importer import WarcImporter


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import-warc", help="import the news pages of WARC files (paths or http(s) URLs)",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE|URL")
    add_import_options(parser)
    add_settings_option(parser)
    parser.set_defaults(func=run)


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """``--source`` and ``--catch-all``, shared with ``newscrawl ccnews``."""
    parser.add_argument("--source", action="append", default=[], metavar="NAME",
                        help="only pages of this source's domains (repeatable; default: all)")
    parser.add_argument("--catch-all", metavar="NAME",
                        help="import pages of unknown domains under this source "
                             "(default: NEWSCRAWL_WARC_CATCH_ALL_SOURCE; none: skip and count)")


def build_importer(args, settings, db) -> WarcImporter:
    registry = load_registry(settings.getlist("NEWSCRAWL_SOURCE_FILES"))
    catch_all = args.catch_all or settings.get("NEWSCRAWL_WARC_CATCH_ALL_SOURCE") or None
    return WarcImporter(db, settings, registry, sources=args.source, catch_all=catch_all)


def download_dir(settings) -> Path:
    """``NEWSCRAWL_WARC_DOWNLOAD_DIR``, else ``warc-downloads/`` under the data directory."""
    configured = settings.get("NEWSCRAWL_WARC_DOWNLOAD_DIR")
    if configured:
        return Path(configured)
    data_dir = os.environ.get("NEWSCRAWL_DATA_DIR") or settings.get("NEWSCRAWL_DATA_DIR")
    return Path(data_dir) / "warc-downloads"


def download_options(settings) -> DownloadOptions:
    return DownloadOptions(timeout=settings.getfloat("NEWSCRAWL_WARC_DOWNLOAD_TIMEOUT"),
                           attempts=settings.getint("NEWSCRAWL_WARC_DOWNLOAD_ATTEMPTS"))


def summary(counts: Counter) -> str:
    return ", ".join(f"{key} {n}" for key, n in sorted(counts.items()) if n) or "nothing"


def import_one(importer: WarcImporter, name: str, settings) -> Counter:
    """Import one file or URL; raises OSError/DownloadError when it cannot be read."""
    if "://" not in name:
        with open(name, "rb") as stream:
            return importer.import_stream(stream, name)
    local = download(name, download_dir(settings) / Path(name.split("?")[0]).name,
                     download_options(settings)).path
    try:
        with open(local, "rb") as stream:
            return importer.import_stream(stream, name)
    finally:
        local.unlink(missing_ok=True)


def run_with_importer(command: str, args, work: Callable[[Any, Any, WarcImporter], int]) -> int:
    """Open the archive and an importer for ``work(settings, db, importer)``;
    an unknown source is exit code 2, a database outage 1 (shared by the
    ``import-warc`` and ``ccnews`` commands)."""
    logging.basicConfig(level=logging.WARNING, format=f"newscrawl {command}: %(message)s")
    settings = project_settings(parse_setting_overrides(args.set))
    client, db = open_database(settings)
    importer = None
    try:
        ensure_indexes(db)
        importer = build_importer(args, settings, db)
        return work(settings, db, importer)
    except ValueError as exc:  # an unknown --source or --catch-all
        print(f"newscrawl {command}: error: {exc}", file=sys.stderr)
        return 2
    except PyMongoError as exc:
        print(f"newscrawl {command}: database unavailable: {error_reason(exc)}", file=sys.stderr)
        return 1
    finally:
        if importer is not None:
            importer.close()
        client.close()


def run(args) -> int:
    def work(settings, db, importer: WarcImporter) -> int:
        failed = 0
        for name in args.files:
            try:
                counts = import_one(importer, name, settings)
            except (OSError, DownloadError) as exc:
                failed += 1
                print(f"newscrawl import-warc: {name}: {exc}", file=sys.stderr)
                continue
            print(f"{name}: {summary(counts)}", flush=True)
        if len(args.files) > 1:
            print(f"total: {summary(importer.counts)}")
        return 1 if failed or importer.counts["store/failed"] else 0

    return run_with_importer("import-warc", args, work)
