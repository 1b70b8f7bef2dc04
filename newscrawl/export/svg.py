"""Hand-written SVG charts for the self-contained report.

Two chart kinds cover the report: horizontal bars (counts by a category) and
stacked daily columns (counts per day, split by a category). Inline SVG needs
no script, no font file and no plotting library, scales on any screen and
keeps the report one small file that opens offline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

#: Colour-blind-safe palette (Okabe–Ito), grey for "other".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000"]
OTHER = "#999999"
FONT = 'font-family="sans-serif" font-size="12"'


def svg_open(width: int, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" {FONT}>')


def bar_chart(items: Sequence[tuple[str, int]], *, width: int = 640, bar: int = 18,
              label_width: int = 160, colour: str = PALETTE[0]) -> str:
    """Horizontal bars, one per (label, count), longest first as given."""
    if not items:
        return '<p class="empty">nothing to show</p>'
    top = max(count for _, count in items) or 1
    room = width - label_width - 70
    height = len(items) * (bar + 6) + 6
    parts = [svg_open(width, height)]
    for i, (label, count) in enumerate(items):
        y = 6 + i * (bar + 6)
        length = max(1, round(room * count / top)) if count else 0
        text_y = y + bar - 5
        parts.append(
            f'<text x="{label_width - 6}" y="{text_y}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" fill="{colour}">'
            f'<title>{escape(label)}: {count}</title></rect>'
            f'<text x="{label_width + length + 6}" y="{y + bar - 5}">{count:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def top_series(series: Mapping[str, Sequence[int]], limit: int = len(PALETTE)
               ) -> list[tuple[str, list[int], str]]:
    """The ``limit - 1`` largest series with their colours, the rest summed as "other"."""
    ranked = sorted(series.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    if len(ranked) <= limit:
        return [(name, list(v), PALETTE[i]) for i, (name, v) in enumerate(ranked)]
    kept = [(name, list(v), PALETTE[i]) for i, (name, v) in enumerate(ranked[:limit - 1])]
    rest = [sum(column) for column in zip(*(v for _, v in ranked[limit - 1:]), strict=True)]
    return [*kept, ("other", rest, OTHER)]


def daily_chart(days: Sequence[date], series: Mapping[str, Sequence[int]], *,
                width: int = 1000, height: int = 220) -> str:
    """Stacked columns, one per day, one colour per series, with a legend."""
    if not days or not series:
        return '<p class="empty">no articles dated to the day</p>'
    stacks = top_series(series)
    totals = [sum(s[1][i] for s in stacks) for i in range(len(days))]
    top = max(totals) or 1
    left, bottom, plot_h = 44, 24, height - 44
    step = (width - left - 10) / len(days)
    legend_h = 18 * ((len(stacks) + 3) // 4)
    full_h = height + legend_h
    base = plot_h + 10  # y of the axis
    parts = [svg_open(width, full_h),
             f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#333"/>',
             f'<text x="{left - 6}" y="16" text-anchor="end">{top:,}</text>',
             f'<text x="{left - 6}" y="{plot_h + 10}" text-anchor="end">0</text>']
    for i, day in enumerate(days):
        x, y = left + i * step, float(base)
        for name, values, colour in stacks:
            if values[i]:
                h = plot_h * values[i] / top
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 1, 1):.1f}" '
                             f'height="{h:.1f}" fill="{colour}"><title>{day} {escape(name)}: '
                             f'{values[i]}</title></rect>')
    ticks = {0: "start", len(days) // 2: "middle", len(days) - 1: "end"}
    for i, anchor in sorted(ticks.items()):
        x = left + (i + (anchor == "end")) * step
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="{anchor}">'
                     f'{days[i]}</text>')
    for i, (name, values, colour) in enumerate(stacks):
        x, y = left + (i % 4) * 230, height + 4 + 18 * (i // 4)
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 18}" y="{y + 11}">{escape(name)} ({sum(values):,})</text>')
    parts.append("</svg>")
    return "".join(parts)
