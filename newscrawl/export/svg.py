"""Hand-written SVG charts for the self-contained report.

Two chart kinds cover the report: horizontal bars (counts by a category) and
counts over time (per day, week or month), as stacked columns for a split
of the articles (by source) or as lines for overlapping groups (by agency). Inline SVG needs
no script, no font file and no plotting library, scales on any screen and
keeps the report one small file that opens offline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def _axes(width: int, height: int, top: int, y_label: str, left: int, plot_h: int) -> list[str]:
    """The x axis, the y axis with ticks at 0, half and the top value, and the
    y axis label (rotated, left of the ticks)."""
    base = plot_h + 10
    parts = [f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#333"/>',
             f'<line x1="{left}" y1="10" x2="{left}" y2="{base}" stroke="#333"/>',
             (f'<text transform="translate(14,{10 + plot_h // 2}) rotate(-90)" '
             f'text-anchor="middle">{escape(y_label)}</text>')]
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, top]
    for value in ticks:
        y = base - plot_h * value / (top or 1)
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" '
                     f'stroke="#333"/><text x="{left - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{value:,}</text>')
    return parts


def _x_labels(labels: Sequence[str], left: int, step: float, y: int) -> list[str]:
    ticks = {0: "start", len(labels) // 2: "middle", len(labels) - 1: "end"}
    parts = []
    for i, anchor in sorted(ticks.items()):
        x = left + (i + (anchor == "end")) * step
        parts.append(f'<text x="{x:.1f}" y="{y}" text-anchor="{anchor}">{escape(labels[i])}</text>')
    return parts


def _legend(stacks: Sequence[tuple[str, list[int], str]], title: str, left: int, y0: int,
            marker: str = "rect") -> list[str]:
    parts = [f'<text x="{left}" y="{y0 + 11}" font-style="italic">{escape(title)}</text>']
    for i, (name, values, colour) in enumerate(stacks):
        x, y = left + (i % 4) * 230, y0 + 18 + 18 * (i // 4)
        mark = (f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>' if marker == "rect"
                else f'<line x1="{x}" y1="{y + 6}" x2="{x + 12}" y2="{y + 6}" stroke="{colour}" '
                     f'stroke-width="3"/>')
        parts.append(f'{mark}<text x="{x + 18}" y="{y + 11}">{escape(name)} ({sum(values):,})</text>')
    return parts


def time_chart(labels: Sequence[str], series: Mapping[str, Sequence[int]], *, y_label: str,
               legend: str, stacked: bool = True, width: int = 1000, height: int = 220) -> str:
    """Counts per time bin (``labels``: one per day, week or month), one colour
    per series, with a labelled y axis and a legend that says what it counts.

    ``stacked``: columns stacked per bin, for series that split the articles
    (each article in one series, so a column's height is the bin's total).
    Otherwise one line per series, for series that overlap (an article crediting
    three agencies is in three of them): stacking those would count it thrice.
    """
    if not labels or not series:
        return '<p class="empty">no articles to show</p>'
    stacks = top_series(series)
    columns = [sum(s[1][i] for s in stacks) for i in range(len(labels))]
    top = max(columns if stacked else [max(v) for _, v, _ in stacks]) or 1
    left, plot_h = 64, height - 44
    step = (width - left - 10) / len(labels)
    base = plot_h + 10
    legend_h = 18 + 18 * ((len(stacks) + 3) // 4)
    parts = [svg_open(width, height + legend_h), *_axes(width, height, top, y_label, left, plot_h)]
    if stacked:
        for i, label in enumerate(labels):
            x, y = left + i * step, float(base)
            for name, values, colour in stacks:
                if values[i]:
                    h = plot_h * values[i] / top
                    y -= h
                    parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 1, 1):.1f}" '
                                 f'height="{h:.1f}" fill="{colour}"><title>{escape(label)} '
                                 f'{escape(name)}: {values[i]}</title></rect>')
    else:
        for name, values, colour in stacks:
            points = " ".join(f"{left + (i + 0.5) * step:.1f},{base - plot_h * v / top:.1f}"
                              for i, v in enumerate(values))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                         f'stroke-width="2"/>')
            parts += [f'<circle cx="{left + (i + 0.5) * step:.1f}" '
                      f'cy="{base - plot_h * v / top:.1f}" r="3" fill="{colour}"><title>'
                      f'{escape(labels[i])} {escape(name)}: {v}</title></circle>'
                      for i, v in enumerate(values) if v]
    parts += _x_labels(labels, left, step, height - 6)
    parts += _legend(stacks, legend, left, height + 2, "rect" if stacked else "line")
    parts.append("</svg>")
    return "".join(parts)
