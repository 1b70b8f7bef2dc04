"""``newscrawl report --out report.html``: a self-contained HTML coverage
report (inline SVG plots) of the archive and the recorded crawls."""

from __future__ import annotations

from pathlib import Path

from newscrawl.commands import (
    add_settings_option,
    open_archive,
    output_file,
    parse_setting_overrides,
)
from newscrawl.export.report import render_report
from newscrawl.export.summary import summarise_archive, summarise_runs
from newscrawl.runner import project_settings


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="write a self-contained HTML coverage report")
    parser.add_argument("--out", type=output_file, default=Path("report.html"),
                        help="HTML file to write (default: report.html)")
    parser.add_argument("--days", type=int, default=None,
                        help="plot only the last N days of the archive (default: "
                             "NEWSCRAWL_REPORT_DAYS; 0: the whole span)")
    add_settings_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    settings = project_settings(parse_setting_overrides(args.set))
    days = args.days if args.days is not None else settings.getint("NEWSCRAWL_REPORT_DAYS")
    client, db = open_archive(settings, reading=True)
    try:
        html = render_report(summarise_archive(db), summarise_runs(db), database=db.name,
                             days=days)
    finally:
        client.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(html, encoding="utf-8")
    print(f"report -> {args.out}")
    return 0
