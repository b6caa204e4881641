"""A timeline of one simulated pile-on with its shield, drawn as plain SVG (no plotting library needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from pileon_simulator import SimComment

WIDTH, HEIGHT = 820, 400
LEFT, RIGHT, TOP, BOTTOM = 60, 30, 50, 80


@dataclass(frozen=True)
class TimelinePoint:
    minutes: float
    hostile: int  # hostile comments so far
    flagged: bool
    held: bool


def timeline_points(comments: list[SimComment], opened: dt.datetime | None) -> tuple[list[TimelinePoint], float | None]:
    """One point per hostile comment aimed at the victim (held: it came once the shield was open, from someone
    without history with the target), and the shield's opening, in minutes since the first hostile comment."""
    hostile = [c for c in comments if c.hostile and not c.report]
    start = hostile[0].at
    points = [
        TimelinePoint(
            (c.at - start).total_seconds() / 60,
            count,
            c.flagged,
            opened is not None and c.at >= opened and not c.knows_target,
        )
        for count, c in enumerate(hostile, start=1)
    ]
    return points, None if opened is None else (opened - start).total_seconds() / 60


def _axes(span: float, top: int) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    lines = [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>',
    ]
    step = 30 if span <= 360 else 60
    for minute in range(0, int(span) + 1, step):
        x = LEFT + plot_w * minute / span
        lines.append(f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 5}" stroke="#333"/>')
        lines.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 20}" text-anchor="middle">{minute}</text>')
    for count in range(0, top + 1, max(1, top // 5)):
        y = TOP + plot_h - plot_h * count / top
        lines.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{count}</text>')
        lines.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#eee"/>')
    lines.append(
        f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h + 38}" text-anchor="middle">minutes since the first '
        "hostile comment</text>"
    )
    lines.append(
        f'<text x="15" y="{TOP + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 15 {TOP + plot_h / 2})">hostile comments so far</text>'
    )
    return lines


def timeline_svg(points: list[TimelinePoint], opened_minutes: float | None, title: str) -> str:
    """The SVG document: a step line of hostile comments, a dot each (hollow: held by the shield), the shield."""
    span = max([p.minutes for p in points] + [opened_minutes or 0, 1]) * 1.08
    top = max(p.hostile for p in points) + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(minutes: float) -> float:
        return LEFT + plot_w * minutes / span

    def y(count: float) -> float:
        return TOP + plot_h - plot_h * count / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" '
        'font-size="12">',
        f'<text x="{LEFT}" y="24" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    if opened_minutes is not None:
        parts.append(
            f'<rect x="{x(opened_minutes):.1f}" y="{TOP}" width="{LEFT + plot_w - x(opened_minutes):.1f}" '
            f'height="{plot_h}" fill="#dbeafe"/>'
        )
        parts.append(
            f'<line x1="{x(opened_minutes):.1f}" y1="{TOP}" x2="{x(opened_minutes):.1f}" y2="{TOP + plot_h}" '
            'stroke="#1d4ed8" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{x(opened_minutes) + 6:.1f}" y="{TOP + 16}" fill="#1d4ed8">shield opens: new accounts '
            "held for review</text>"
        )
    parts.extend(_axes(span, top))
    path = " ".join(
        f"L{x(p.minutes):.1f},{y(p.hostile - 1):.1f} L{x(p.minutes):.1f},{y(p.hostile):.1f}" for p in points
    )
    parts.append(f'<path d="M{x(0):.1f},{y(0):.1f} {path}" fill="none" stroke="#b91c1c" stroke-width="2"/>')
    for p in points:
        fill = "white" if p.held else "#b91c1c"
        stroke = "#b91c1c" if p.flagged else "#9ca3af"
        parts.append(
            f'<circle cx="{x(p.minutes):.1f}" cy="{y(p.hostile):.1f}" r="5" fill="{fill}" stroke="{stroke}" '
            'stroke-width="2"/>'
        )
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 12}" fill="#555">filled dot: published (the target saw it) · '
        "hollow: held by the shield · grey ring: the scorer missed it</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
