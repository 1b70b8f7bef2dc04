"""The coverage report: one self-contained HTML page.

Everything is inline (CSS and SVG; no script, no web font, no CDN), so the
page opens offline, can be mailed or archived with a corpus, and renders the
same in any browser. It shows what the archive holds (articles per day per
source and per agency, languages, date precision) and how the crawls went
(drops by reason, the latest runs' health) when runs are recorded.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from html import escape

from newscrawl import __version__
from newscrawl.export.summary import ArchiveSummary, RunHealth, RunsSummary, by_precision
from newscrawl.export.svg import bar_chart, daily_chart

_CSS = """
body { font-family: sans-serif; margin: 24px auto; max-width: 1040px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
.ok { color: #007a3d; font-weight: bold; } .bad { color: #b00020; font-weight: bold; }
.empty, .note { color: #666; font-style: italic; }
"""


def window(summary: ArchiveSummary, days: int) -> list[date]:
    """The ``days`` days that end at the latest publication day."""
    known = summary.days()
    if not known:
        return []
    last = known[-1]
    first = max(known[0], last - timedelta(days=days - 1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def daily_series(counts: Counter, days: list[date]) -> dict[str, list[int]]:
    """``{key: [count per day]}`` from a ``(day, key) -> count`` counter."""
    keys = sorted({key for _, key in counts})
    return {key: [counts.get((day, key), 0) for day in days] for key in keys}


def ranked(counter: Counter, limit: int = 25) -> list[tuple[str, int]]:
    return [(str(k), v) for k, v in counter.most_common(limit)]



def runs_table(latest: list[RunHealth]) -> str:
    rows = []
    for run in latest:
        state = ("—" if run.healthy is None else
                 '<span class="ok">healthy</span>' if run.healthy else '<span class="bad">'
                 'unhealthy</span>')
        started = f"{run.started:%Y-%m-%d %H:%M} UTC" if run.started else "—"
        stored = "—" if run.stored is None else run.stored
        took = (f"{(run.finished - run.started).total_seconds():.0f} s"
                if run.started and run.finished else "—")
        rows.append(f"<tr><td>{started}</td><td>{escape(run.source)}</td>"
                    f"<td>{escape(run.spider)}</td><td>{took}</td>"
                    f"<td>{escape(run.finish_reason)}</td><td>{stored}</td><td>{state}</td>"
                    f"<td>{escape('; '.join(run.problems))}</td></tr>")
    return ("<table><tr><th>started</th><th>source</th><th>spider</th><th>took</th>"
            "<th>finish reason</th><th>stored</th><th>health</th><th>problems</th></tr>"
            + "".join(rows) + "</table>")


def render_report(archive: ArchiveSummary, runs: RunsSummary, *, database: str,
                  days: int = 90, now: datetime | None = None) -> str:
    shown = window(archive, days)
    made = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    no_runs = '<p class="note">no runs recorded</p>'
    span = f"{shown[0]} to {shown[-1]}" if shown else "no day-precision dates"
    sections = [
        ("Articles per day per source", f'<p class="note">{span}</p>'
         + daily_chart(shown, daily_series(archive.day_source, shown))),
        ("Articles per day per agency",
         daily_chart(shown, daily_series(archive.day_agency, shown))),
        ("Agencies (articles crediting each)", bar_chart(ranked(archive.agency))),
        ("Sources", bar_chart(ranked(archive.source))),
        ("Languages", bar_chart(ranked(archive.language))),
        ("Date precision", bar_chart(by_precision(archive.precision))),
        ("Extraction drops by reason", bar_chart(ranked(runs.drops), colour="#D55E00")
         if runs.recorded else no_runs),
        ("Latest runs", runs_table(runs.latest) if runs.latest else no_runs),
    ]
    body = "".join(f"<h2>{escape(title)}</h2>\n{content}\n" for title, content in sections)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>newscrawl coverage report — {escape(database)}</title>"
            f"<style>{_CSS}</style></head><body>\n"
            f"<h1>newscrawl coverage report — {escape(database)}</h1>\n"
            f'<p>{archive.total:,} articles from {len(archive.source)} sources; '
            f"{runs.recorded} recorded runs. Generated {made} by newscrawl {__version__}.</p>\n"
            f"{body}</body></html>\n")
