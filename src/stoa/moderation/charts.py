"""Server-rendered SVG bar charts for the transparency page: no JavaScript, no chart library.

The SVG is built from formatted numbers and ``html.escape``d labels only, so the result is safe to put in a page
as is. Each chart has a ``<title>`` and ``<desc>`` that ``aria-labelledby`` points at, a legend, axis labels and
a tooltip per bar; the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Protocol

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 48  # the plot area's margins
LEGEND_ROW = 22
INK, AXIS, GRID = "#1d1d1f", "#5f6368", "#dadce0"


class ChartSeries(Protocol):
    """What a chart reads of a series: its label, its colour and one value per month."""

    label: str
    colour: str
    values: tuple[float, ...] | None


def nice_step(largest: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) so that ``ticks`` steps cover ``largest``."""
    if largest <= 0:
        return 1
    rough = largest / ticks
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def _number(value: float) -> str:
    return f"{value:.4g}" if value != int(value) else str(int(value))


def _y_axis(step: float, scale: float, unit: str) -> list[str]:
    parts = []
    for i in range(5):
        y = TOP + (HEIGHT - TOP - BOTTOM) - i * step * scale
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        label = escape(f"{_number(i * step)} {unit}".strip())
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    return parts


def _bars(labels: Sequence[str], series: Sequence[ChartSeries], scale: float) -> list[str]:
    group = (WIDTH - LEFT - RIGHT) / len(labels)
    bar = group * 0.8 / max(len(series), 1)
    base = HEIGHT - BOTTOM
    parts = []
    for m, label in enumerate(labels):
        x0 = LEFT + m * group + group * 0.1
        for s, one in enumerate(series):
            value = one.values[m]
            if value:
                x, height = x0 + s * bar, value * scale
                tip = escape(f"{one.label}, {label}: {_number(value)}")
                parts.append(
                    f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                    f'fill="{escape(one.colour)}"><title>{tip}</title></rect>'
                )
        centre = LEFT + (m + 0.5) * group
        parts.append(_axis_label(centre, base + 15, label))
    return parts


def _axis_label(x: float, y: float, label: str) -> str:
    """A month label under its group, on two lines ("Mar" over "2026") so twelve of them fit."""
    lines = label.rsplit(" ", 1)
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 12}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y}" text-anchor="middle">{spans}</text>'


def _legend(series: Sequence[ChartSeries]) -> tuple[list[str], int]:
    """The legend's parts, wrapped into rows under the plot, and the height it takes."""
    parts, x, row = [], LEFT, 0
    for one in series:
        width = 24 + 7 * len(one.label)
        if x + width > WIDTH and x > LEFT:
            x, row = LEFT, row + 1
        y = HEIGHT + row * LEGEND_ROW
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{escape(one.colour)}"/>')
        parts.append(f'<text x="{x + 18}" y="{y + 11}">{escape(one.label)}</text>')
        x += width + 16
    return parts, (row + 1) * LEGEND_ROW


def bar_chart(
    chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[ChartSeries], unit: str = ""
) -> str:
    """A grouped bar chart, one group per label and one bar per series with a non-zero value, as an SVG string."""
    largest = max((v for one in series for v in one.values), default=0)
    step = nice_step(largest)
    scale = (HEIGHT - TOP - BOTTOM) / (4 * step)
    legend, legend_height = _legend(series)
    ident = escape(chart_id)
    body = "\n".join([*_y_axis(step, scale, unit), *_bars(labels, series, scale), *legend])
    base = HEIGHT - BOTTOM
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + legend_height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="chart" font-family="system-ui, sans-serif" '
        f'font-size="11" fill="{INK}">\n'
        f'<title id="{ident}-title">{escape(title)}</title>\n<desc id="{ident}-desc">{escape(description)}</desc>\n'
        f'<rect width="100%" height="100%" fill="#ffffff"/>\n{body}\n'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="{AXIS}"/>\n'
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{base}" stroke="{AXIS}"/>\n</svg>'
    )
