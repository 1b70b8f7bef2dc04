"""``newscrawl ccnews --since 2017-05 --until 2017-06 [--source NAME]...``:
backfill the archive from Common Crawl's CC-NEWS WARC files (docs/warc.md).

Files already imported (the ``warc_imports`` collection) are skipped, so an
interrupted backfill resumes where it stopped; a half-downloaded file is
resumed with a Range request. ``NEWSCRAWL_CCNEWS_BASE_URL`` says where the
``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`` listings are.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from newscrawl.commands import add_settings_option
from newscrawl.commands.import_warc import (
    add_import_options,
    download_dir,
    download_options,
    run_with_importer,
    summary,
)
from newscrawl.warc.ccnews import BackfillOptions, CcNewsBackfill, parse_month
from newscrawl.warc.download import DownloadError
from newscrawl.warc.importer import WarcImporter


def _month(value: str) -> tuple[int, int]:
    try:
        return parse_month(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ccnews", help="backfill from Common Crawl's CC-NEWS WARC files, month by month",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", type=_month, required=True, metavar="YYYY-MM")
    parser.add_argument("--until", type=_month, metavar="YYYY-MM",
                        help="last month, included (default: --since)")
    add_import_options(parser)
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    until = args.until or args.since
    if until < args.since:
        print("newscrawl ccnews: error: --until is before --since", file=sys.stderr)
        return 2

    def work(settings, db, importer: WarcImporter) -> int:
        options = BackfillOptions(
            base_url=settings.get("NEWSCRAWL_CCNEWS_BASE_URL"),
            download_dir=download_dir(settings),
            files_on_disk=max(1, settings.getint("NEWSCRAWL_CCNEWS_FILES_ON_DISK")),
            keep_files=settings.getbool("NEWSCRAWL_CCNEWS_KEEP_FILES"),
            download=download_options(settings),
        )
        backfill = CcNewsBackfill(db, importer, options)

        def report(path: str, counts: Counter) -> None:
            print(f"{path}: {summary(counts)}", flush=True)

        try:
            files = backfill.run(args.since, until, report)
        except (DownloadError, OSError) as exc:
            print(f"newscrawl ccnews: {exc} (run again to resume)", file=sys.stderr)
            return 1
        print(f"files: {summary(files)}")
        print(f"records: {summary(importer.counts)}")
        return 1 if importer.counts["store/failed"] else 0

    return run_with_importer("ccnews", args, work)
