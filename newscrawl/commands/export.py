"""``newscrawl export``: write a filtered corpus (JSON Lines, CSV, Parquet or
dated text lines) and its manifest. See docs/export.md."""

from __future__ import annotations

import argparse
import sys

from newscrawl.commands import (
    UsageError,
    add_settings_option,
    open_archive,
    output_path,
    parse_setting_overrides,
)
from newscrawl.export.agencies import UnknownAgencyError, resolve_agency
from newscrawl.export.daterange import RULES, DateRange, DateRangeError
from newscrawl.export.fields import FieldError, select_fields
from newscrawl.export.filters import EmptyExportError, ExportFilters
from newscrawl.export.run import ExportOptions, export_archive
from newscrawl.export.writers import FORMATS, PRECISIONS, FormatError, infer_format
from newscrawl.runner import project_settings
from newscrawl.schema import SCHEMA_VERSION, SchemaValueError
from newscrawl.store.mongo import ARTICLES


def _words(values: list[str] | None) -> tuple[str, ...]:
    """Repeated options and comma lists alike: ``-a dpa,APA -a AFP``."""
    return tuple(w.strip() for v in values or [] for w in v.split(",") if w.strip())


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="export a filtered corpus with a manifest (jsonl, csv, parquet, text)",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=output_path,
                        help="file to write: .jsonl, .jsonl.gz, .csv(.gz), .parquet, .txt(.gz), "
                             ".warc(.gz); "
                             "'-' for standard output (JSON Lines unless --format says)")
    parser.add_argument("--format", choices=FORMATS, help="default: from the file name")
    add_filter_options(parser)
    parser.add_argument("--fields", help="comma-separated fields to include (default: all)")
    parser.add_argument("--text-precision", choices=PRECISIONS,
                        help="text form: write dates no finer than this (e.g. month, as the "
                             "seed corpus); default: each record's own precision")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The corpus filters, shared by ``export`` and ``stats``."""
    parser.add_argument("--since", help="published on/after: 2017, 2017-05, 2017-05-10, ISO time")
    parser.add_argument("--until", help="published up to and including this year/month/day/time")
    parser.add_argument("--date-rule", choices=RULES, default="overlap",
                        help="overlap: the record's precision interval meets the range "
                             "(default); within: it lies wholly inside")
    parser.add_argument("--source", action="append", metavar="NAME", help="repeatable, or a,b")
    parser.add_argument("--agency", action="append", metavar="CODE", help="repeatable, or a,b")
    parser.add_argument("--agency-match", choices=("any", "all"), default="any",
                        help="records credited to any (default) or all of the agencies")
    parser.add_argument("--language", action="append", metavar="CODE", help="ISO 639-1, e.g. de")
    parser.add_argument("--text", help="case-insensitive substring of the title or text")
    parser.add_argument("--one-per-cluster", action="store_true",
                        help="keep the earliest document of each near-duplicate cluster")


def build_filters(args, archive_codes: list[str], registry_path: str | None = None
                  ) -> ExportFilters:
    agencies = tuple(resolve_agency(a, archive_codes, registry_path) for a in _words(args.agency))
    return ExportFilters(
        dates=DateRange.parse(args.since, args.until, args.date_rule),
        sources=_words(args.source), agencies=agencies, agency_match=args.agency_match,
        languages=_words(args.language), text=args.text or None,
        one_per_cluster=args.one_per_cluster)


def check_dates(args) -> None:
    """The date filters, checked before connecting (a usage error)."""
    try:
        DateRange.parse(args.since, args.until, args.date_rule)
    except DateRangeError as exc:
        raise UsageError(str(exc)) from None


def archive_filters(args, db, settings) -> ExportFilters:
    """The filters of the command line, agencies resolved against the codes
    the archive holds; an unknown agency is a usage error."""
    check_dates(args)
    archive_codes = db[ARTICLES].distinct("agencies") if args.agency else []
    try:
        return build_filters(args, [str(c) for c in archive_codes],
                             settings.get("NEWSCRAWL_AGENCY_REGISTRY"))
    except UnknownAgencyError as exc:
        raise UsageError(str(exc)) from None


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    check_dates(args)  # fail before connecting
    try:
        fmt = args.format or infer_format(args.output)
        fields = select_fields(_words([args.fields]) if args.fields else None)
    except (FormatError, FieldError) as exc:
        print(f"newscrawl export: error: {exc}", file=sys.stderr)
        return 2
    client, db = open_archive(settings, reading=True)
    try:
        filters = archive_filters(args, db, settings)
        options = ExportOptions(fmt, fields,
                                batch_size=settings.getint("NEWSCRAWL_EXPORT_BATCH_SIZE"),
                                row_group_size=settings.getint("NEWSCRAWL_EXPORT_ROW_GROUP_SIZE"),
                                text_precision=args.text_precision)
        result = export_archive(db, filters, args.output, options)
    except (EmptyExportError, FormatError) as exc:
        print(f"newscrawl export: {exc}", file=sys.stderr)
        return 1
    except SchemaValueError as exc:  # a stored value the schema cannot read
        print(f"newscrawl export: a stored document does not fit schema v{SCHEMA_VERSION}: "
              f"{exc}; 'newscrawl db migrate' retypes stored values", file=sys.stderr)
        return 1
    finally:
        client.close()
    counts = result.manifest["counts"]
    skipped = f", {counts['skipped']} skipped (no date or text)" if counts["skipped"] else ""
    if result.manifest_path is None:  # the records went to stdout or a pipe: say it on stderr
        print(f"{counts['records']} records -> {result.path} ({fmt}){skipped}; no manifest "
              f"(not a regular file)", file=sys.stderr)
    else:
        print(f"{counts['records']} records -> {result.path} ({fmt}){skipped}; "
              f"manifest {result.manifest_path}")
    return 0

