"""Bar charts as inline SVG, drawn on the server: no JavaScript, no CDN, nothing to vendor.

Every chart is `role="img"` with an aria-label; the page puts a table with the same numbers
next to it (WCAG 1.1.1). Colours are attributes, not styles, so the CSP needs no
'unsafe-inline', and each has at least 3:1 contrast against white (WCAG 1.4.11).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

# Dark enough against white for graphics (3:1 and more), and told apart by the legend's text.
PALETTE = ("#1f5f99", "#b45309", "#2e7d32", "#7b3fa0", "#a4262c", "#00695c", "#5d4037", "#455a64", "#ad1457")

WIDTH = 640
PLOT_HEIGHT = 170
LEFT = 46
RIGHT = 10
BOTTOM = 34
LEGEND_ROW = 18
CHAR_WIDTH = 6.6  # average width of a character at font-size 11, to lay out the legend


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (1 for nothing)."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value - 1e-9:
            return candidate
    return 10 ** (exponent + 1)  # pragma: no cover


def _scale(highest: float, fixed: float | None, integers: bool) -> tuple[float, int]:
    """The top of the y-axis and how many gridline steps: whole numbers on the axis for counts."""
    if fixed:
        return fixed, 5 if float(fixed).is_integer() and fixed % 5 == 0 else 4
    if integers:
        target, exponent = highest / 4, 0
        while True:  # the smallest whole step of 1, 2, 2.5, 3, 4, 5, 6 or 8 × 10^n that reaches the top
            steps = [c * 10**exponent for c in (1, 2, 2.5, 3, 4, 5, 6, 8)]
            fitting = [s for s in steps if s >= target and float(s).is_integer()]
            if fitting:
                return int(fitting[0]) * 4, 4
            exponent += 1
    return nice_ceiling(highest), 4


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _legend(names: Sequence[str]) -> tuple[list[str], int]:
    parts, x, row = [], LEFT, 0
    for i, name in enumerate(names):
        width = 16 + len(name) * CHAR_WIDTH + 14
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, row = LEFT, row + 1
        y = 6 + row * LEGEND_ROW
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="11" height="11" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(f'<text x="{x + 15:.1f}" y="{y + 10}" font-size="11">{escape(name)}</text>')
        x += width
    return parts, (row + 1) * LEGEND_ROW + 8


def bar_chart(
    label: str,
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    stacked: bool = False,
    max_value: float | None = None,
) -> Markup:
    """A bar chart of one or more `series` (name, one value per period): grouped, or stacked.

    `label` becomes the aria-label and the SVG's title; missing values (None) draw no bar.
    """
    names = [name for name, _ in series]
    legend, top = _legend(names) if len(series) > 1 else ([], 10)
    height = top + PLOT_HEIGHT + BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    count = max(len(periods), 1)
    values = [[v or 0 for v in vals] for _, vals in series]
    if stacked:
        highest = max((sum(col) for col in zip(*values)), default=0)
    else:
        highest = max((v for vals in values for v in vals), default=0)
    scale_max, steps = _scale(highest, max_value, all(float(v).is_integer() for vals in values for v in vals))

    def y_of(value: float) -> float:
        return top + PLOT_HEIGHT - (value / scale_max) * PLOT_HEIGHT

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(label)}" focusable="false">',
        f"<title>{escape(label)}</title>",
        *legend,
    ]
    for i in range(steps + 1):  # gridlines and the y-axis scale
        value = scale_max * i / steps
        y = y_of(value)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d5db" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{_number(round(value, 2))}</text>')
    band = plot_width / count
    bar = band * 0.7
    every = max(1, math.ceil(count / 13))  # at most about 13 period labels under the axis
    for p, period in enumerate(periods):
        x0 = LEFT + p * band + (band - bar) / 2
        if stacked:
            base = 0.0
            for s, vals in enumerate(values):
                v = vals[p]
                if v:
                    y1, y2 = y_of(base + v), y_of(base)
                    parts.append(f'<rect x="{x0:.1f}" y="{y1:.1f}" width="{bar:.1f}" height="{y2 - y1:.1f}" '
                                 f'fill="{PALETTE[s % len(PALETTE)]}"/>')
                    base += v
        else:
            width = bar / max(len(values), 1)
            for s, vals in enumerate(values):
                v = vals[p]
                if v:
                    y1 = y_of(v)
                    parts.append(f'<rect x="{x0 + s * width:.1f}" y="{y1:.1f}" width="{width:.1f}" '
                                 f'height="{top + PLOT_HEIGHT - y1:.1f}" fill="{PALETTE[s % len(PALETTE)]}"/>')
        if p % every == 0:
            parts.append(f'<text x="{x0 + bar / 2:.1f}" y="{top + PLOT_HEIGHT + 16}" font-size="11" '
                         f'text-anchor="middle">{escape(period)}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{top + PLOT_HEIGHT}" y2="{top + PLOT_HEIGHT}" stroke="#333" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
