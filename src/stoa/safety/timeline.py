"""A shield's timeline: comments aimed at the target per hour around its opening, as a server-rendered SVG chart.

Bars split the hostile comments that came before the shield from those that came while it was open, so a
moderator sees at a glance how fast the pile-on grew and whether the shield slowed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from stoa.moderation.charts import bar_chart
from stoa.safety.models import AimedComment, Shield

HOURS_BEFORE, HOURS_AFTER = 12, 12


@dataclass(frozen=True)
class TimelineSeries:
    label: str
    colour: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Timeline:
    """Hourly counts from ``start``: hostile before the shield, hostile while it was open, and the rest."""

    start: datetime
    labels: tuple[str, ...]
    series: tuple[TimelineSeries, ...]


def shield_timeline(shield: Shield) -> Timeline:
    """Count the comments aimed at the shield's target in each hour around its opening (one query)."""
    start = shield.opened_at.replace(minute=0, second=0, microsecond=0) - timedelta(hours=HOURS_BEFORE)
    hours = HOURS_BEFORE + HOURS_AFTER
    end = start + timedelta(hours=hours)
    before, during, other = [0.0] * hours, [0.0] * hours, [0.0] * hours
    rows = AimedComment.objects.filter(target_key=shield.target_key, at__gte=start, at__lt=end).values_list(
        "at", "hostile"
    )
    for at, hostile in rows:
        hour = int((at - start).total_seconds() // 3600)
        bucket = (before if at < shield.opened_at else during) if hostile else other
        bucket[hour] += 1
    labels = tuple(f"{start + timedelta(hours=h):%d %b %H:00}" for h in range(hours))
    return Timeline(
        start,
        labels,
        (
            TimelineSeries("hostile, before the shield", "#c5221f", tuple(before)),
            TimelineSeries("hostile, while shielded", "#f29900", tuple(during)),
            TimelineSeries("other comments aimed at them", "#9aa0a6", tuple(other)),
        ),
    )


def timeline_chart(shield: Shield) -> str:
    """The timeline as an accessible SVG string (safe to insert as is)."""
    timeline = shield_timeline(shield)
    return bar_chart(
        f"shield-{shield.pk}",
        f"Comments aimed at {shield.target_label}, per hour",
        f"The shield opened at {shield.opened_at:%d %b %H:%M} UTC; bars show comments aimed at "
        f"{shield.target_label} in the {HOURS_BEFORE} hours before and after.",
        [label for label in timeline.labels],
        timeline.series,
        unit="",
    )
