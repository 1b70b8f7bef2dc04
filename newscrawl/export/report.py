"""The coverage report: one self-contained HTML page.

Everything is inline (CSS and SVG; no script, no web font, no CDN), so the
page opens offline, can be mailed or archived with a corpus, and renders the
same in any browser. It shows what the archive holds (articles over time per
source and per agency — binned by day, week or month as the archive's span
asks, and per month —, languages, date precision) and how the crawls went
(drops by reason, the latest runs' health) when runs are recorded.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from html import escape

from newscrawl import __version__
from newscrawl.export.summary import ArchiveSummary, RunHealth, RunsSummary, by_precision
from newscrawl.export.svg import bar_chart, time_chart

_CSS = """
body { font-family: sans-serif; margin: 24px auto; max-width: 1040px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
.ok { color: #007a3d; font-weight: bold; } .bad { color: #b00020; font-weight: bold; }
.empty, .note { color: #666; font-style: italic; }
"""


#: Bin width by the span of the dated articles: days up to about three
#: months, weeks up to two years, months beyond (some 30 to 100 columns).
DAY_SPAN_MAX, WEEK_SPAN_MAX = 92, 731
UNIT_LABEL = {"day": "day", "week": "week (Monday to Sunday)", "month": "month"}


def window(summary: ArchiveSummary, days: int | None = None) -> list[date]:
    """The publication days to plot: the archive's whole span, or the last
    ``days`` of it (``None`` or 0: all)."""
    known = summary.days()
    if not known:
        return []
    last = known[-1]
    first = known[0] if not days else max(known[0], last - timedelta(days=days - 1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def bin_unit(first: date, last: date) -> str:
    """``day``, ``week`` or ``month``: the bin that gives a readable number of columns."""
    span = (last - first).days + 1
    return "day" if span <= DAY_SPAN_MAX else "week" if span <= WEEK_SPAN_MAX else "month"


def bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def bin_label(start: date, unit: str) -> str:
    if unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m") if unit == "month" else start.isoformat()


def bin_starts(days: list[date], unit: str) -> list[date]:
    """Every bin from the first day's to the last day's, empty ones included."""
    if not days:
        return []
    starts, current, last = [], bin_start(days[0], unit), bin_start(days[-1], unit)
    while current <= last:
        starts.append(current)
        current = (current + timedelta(days=7 if unit == "week" else 1) if unit != "month"
                   else (current + timedelta(days=32)).replace(day=1))
    return starts


def binned_series(counts: Counter, days: list[date], unit: str) -> dict[str, list[int]]:
    """``{key: [count per bin]}`` from a ``(day, key) -> count`` counter,
    for the days in ``days``."""
    starts = bin_starts(days, unit)
    index = {start: i for i, start in enumerate(starts)}
    shown = set(days)
    series: dict[str, list[int]] = {}
    for (day, key), n in counts.items():
        if day in shown:
            series.setdefault(str(key), [0] * len(starts))[index[bin_start(day, unit)]] += n
    return dict(sorted(series.items()))


def month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last, empty ones included."""
    if not months:
        return []
    first = date.fromisoformat(months[0] + "-01")
    last = date.fromisoformat(months[-1] + "-01")
    return [bin_label(start, "month") for start in bin_starts([first, last], "month")]


def monthly_series(counts: Counter, months: list[str]) -> dict[str, list[int]]:
    index = {month: i for i, month in enumerate(months)}
    series: dict[str, list[int]] = {}
    for (month, key), n in counts.items():
        if month in index:
            series.setdefault(str(key), [0] * len(months))[index[month]] += n
    return dict(sorted(series.items()))


#: What the legends of the agency plots count.
AGENCY_LEGEND = ("articles crediting each agency; an article crediting several counts once "
                 "for each (lines, not stacked)")
SOURCE_LEGEND = "articles per source (stacked: a column is the total)"


def coverage_note(archive: ArchiveSummary, days: list[date], unit: str) -> str:
    """Which articles the time plots show, and which they cannot."""
    placed = sum(n for (day, _), n in archive.day_source.items() if day in set(days))
    monthly = sum(archive.month_source.values())
    undated = archive.precision.get("undated", 0)
    parts = [(f"{days[0]} to {days[-1]} in {unit}s: {placed:,} of {archive.total:,} articles "
             f"are dated to the day and shown")]
    if monthly > placed:
        parts.append(f"{monthly - placed:,} dated only to the month (or outside the plotted "
                     f"days) in the per-month view")
    coarse = archive.total - monthly - undated
    if coarse:
        parts.append(f"{coarse:,} dated to the year only")
    if undated:
        parts.append(f"{undated:,} undated")
    return "; ".join(parts) + "."


def time_sections(archive: ArchiveSummary, days: int | None) -> list[tuple[str, str]]:
    """The plots over time: by day, week or month as the span asks, then per month."""
    shown = window(archive, days)
    sections = []
    if shown:
        unit = bin_unit(shown[0], shown[-1])
        labels = [bin_label(start, unit) for start in bin_starts(shown, unit)]
        y_label = f"articles per {unit}"
        note = f'<p class="note">{escape(coverage_note(archive, shown, unit))}</p>'
        sections += [
            (f"Articles per {UNIT_LABEL[unit]} per source", note + time_chart(
                labels, binned_series(archive.day_source, shown, unit), y_label=y_label,
                legend=SOURCE_LEGEND)),
            (f"Articles per {UNIT_LABEL[unit]} per agency", time_chart(
                labels, binned_series(archive.day_agency, shown, unit), y_label=y_label,
                legend=AGENCY_LEGEND, stacked=False)),
        ]
    else:
        sections.append(("Articles per day per source",
                         '<p class="empty">no articles dated to the day</p>'))
    months = month_range(archive.months())
    sections += [
        ("Articles per month per source", '<p class="note">every article dated at least to '
         'the month</p>' + time_chart(months, monthly_series(archive.month_source, months),
                                      y_label="articles per month", legend=SOURCE_LEGEND)),
        ("Articles per month per agency", time_chart(
            months, monthly_series(archive.month_agency, months), y_label="articles per month",
            legend=AGENCY_LEGEND, stacked=False)),
    ]
    return sections


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
                  days: int | None = None, now: datetime | None = None) -> str:
    """The report page. ``days``: plot only the last days of the archive's
    span (None: all of it, binned by day, week or month as the span asks)."""
    made = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    no_runs = '<p class="note">no runs recorded</p>'
    sections = [
        *time_sections(archive, days),
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
