"""The public transparency page: what moderation did each month, as counts and a median, with no personal data.

Each figure is a ``Series`` of monthly values. A series whose data the site does not record yet (reports,
appeals) has ``values=None``: the page says "not yet recorded" instead of showing a zero. To add one, write a
query that returns ``{month: value}`` and list it in ``monthly_counts``. Every query groups by ``TruncMonth`` in
UTC, so the page costs the same few queries however many comments there are.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from stoa.discussion.models import Comment
from stoa.moderation.charts import bar_chart
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision

MONTHS_SHOWN = 12
MODERATOR = "moderator"


@dataclass(frozen=True)
class Series:
    """One figure per month. ``values`` is ``None`` while the site does not record it; ``colour`` is for charts."""

    key: str
    label: str
    colour: str
    values: tuple[float, ...] | None

    @property
    def recorded(self) -> bool:
        return self.values is not None


def last_months(now: dt.datetime, count: int = MONTHS_SHOWN) -> list[dt.datetime]:
    """The first instant (UTC) of each of the ``count`` calendar months ending with ``now``'s, oldest first."""
    now = now.astimezone(dt.UTC)
    year, month = now.year, now.month
    months = []
    for _ in range(count):
        months.append(dt.datetime(year, month, 1, tzinfo=dt.UTC))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, tzinfo=dt.UTC)


def _published_per_month(since: dt.datetime) -> dict[dt.datetime, int]:
    """Comments first published in each month (by ``published_at``)."""
    rows = (
        Comment.objects.filter(published_at__gte=since)
        .annotate(month=_month("published_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["month"]: row["n"] for row in rows}


def _decisions_per_month(since: dt.datetime) -> dict[dt.datetime, dict[str, int]]:
    """Per month of the decision: comments held at submission, and comments rejected or marked spam by anyone."""
    at_submission = Q(created_at=F("comment__created_at")) & ~Q(decided_by=MODERATOR)
    rows = (
        ModerationDecision.objects.filter(created_at__gte=since)
        .annotate(month=_month("created_at"))
        .values("month")
        .annotate(
            held=Count("comment", filter=at_submission & Q(status=Status.HELD), distinct=True),
            rejected=Count("comment", filter=Q(status=Status.REJECTED), distinct=True),
            spam=Count("comment", filter=Q(status=Status.SPAM), distinct=True),
        )
        .order_by()
    )
    return {row.pop("month"): row for row in rows}


def first_moderator_decisions(since: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """``(comment created, first moderator decision)`` for each comment a moderator first decided since ``since``."""
    rows = (
        ModerationDecision.objects.filter(decided_by=MODERATOR)
        .values("comment")
        .annotate(first=Min("created_at"))
        .filter(first__gte=since)
        .values_list("comment__created_at", "first")
        .order_by()
    )
    return list(rows)


def median_minutes_per_month(since: dt.datetime) -> dict[dt.datetime, float]:
    """The median minutes from a comment's submission to its first moderator decision, by month of that decision."""
    waits: dict[dt.datetime, list[float]] = {}
    for created, decided in first_moderator_decisions(since):
        month = dt.datetime(decided.year, decided.month, 1, tzinfo=dt.UTC)
        waits.setdefault(month, []).append((decided - created).total_seconds() / 60)
    return {month: statistics.median(minutes) for month, minutes in waits.items()}


def monthly_counts(months: list[dt.datetime]) -> list[Series]:
    """The counted series, recorded ones first; reports and appeals come later in the project."""
    published = _published_per_month(months[0])
    decided = _decisions_per_month(months[0])

    def decided_series(key: str, label: str, colour: str) -> Series:
        return Series(key, label, colour, tuple(decided.get(m, {}).get(key, 0) for m in months))

    return [
        Series("published", "Comments published", "#1a5fb4", tuple(published.get(m, 0) for m in months)),
        decided_series("held", "Held for review at submission", "#a84800"),
        decided_series("rejected", "Rejected", "#8b1a1a"),
        decided_series("spam", "Marked as spam", "#4d4d4d"),
        Series("reports_received", "Reports received", "#000000", None),
        Series("reports_upheld", "Reports upheld", "#000000", None),
        Series("appeals", "Appeals", "#000000", None),
        Series("appeals_granted", "Appeals granted", "#000000", None),
    ]


def minutes_in_words(minutes: float | None) -> str:
    """``95.5`` → "1 hour 36 minutes"; ``None`` → "no decisions"."""
    if minutes is None:
        return "no decisions"
    hours, rest = divmod(round(minutes), 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def transparency(request: HttpRequest) -> HttpResponse:
    """The public page: moderation counts and the median time to a moderator's decision, for the last 12 months."""
    months = last_months(timezone.now())
    labels = [f"{m:%b %Y}" for m in months]
    counts = monthly_counts(months)
    medians = median_minutes_per_month(months[0])
    median_values = [medians.get(m) for m in months]
    median = Series("median", "Median time to decision (minutes)", "#1a5fb4", tuple(v or 0 for v in median_values))
    context = {
        "labels": labels,
        "counts": counts,
        "median_rows": [(label, minutes_in_words(v)) for label, v in zip(labels, median_values, strict=True)],
        # Safe: the chart code writes numbers and html-escaped labels only.
        "counts_chart": mark_safe(  # noqa: S308
            bar_chart(
                "counts-chart",
                "Moderation decisions per month",
                "Comments published, held, rejected and marked as spam in each of the last 12 months (UTC).",
                labels,
                [s for s in counts if s.recorded],
            )
        ),
        "median_chart": mark_safe(  # noqa: S308
            bar_chart(
                "median-chart",
                "Median time to a moderator's decision",
                "Median minutes from submission to a moderator's first decision, per month of the decision.",
                labels,
                [median],
                unit="min",
            )
        ),
    }
    return render(request, "moderation/transparency.html", context)
