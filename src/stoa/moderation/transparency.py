"""The public transparency page: what moderation did each month, as counts and a median, with no personal data.

Each figure is a ``Series`` of monthly values. A series whose data the site does not record has ``values=None``:
the page says "not yet recorded" instead of showing a zero. To add one, write a query that returns
``{month: value}`` and list it in ``monthly_counts``. Every query groups by ``TruncMonth`` in UTC, so the page
costs the same few queries however many comments there are. Reports and appeals are counted in the month they
were made, with how many of them were upheld (or, for appeals, denied) so far. ``figures(now)`` builds what both
this page and the moderators' dashboard show.
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
from stoa.moderation.models import Appeal, ModerationDecision, Report

MONTHS_SHOWN = 12
MODERATOR = "moderator"
DECISION_KEYS = ("published", "held", "rejected", "spam")
REPORT_KEYS = ("reports_received", "reports_upheld", "appeals", "appeals_granted", "appeals_denied")


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


def _reports_per_month(since: dt.datetime) -> dict[dt.datetime, dict[str, int]]:
    """Reports of comments and posts made in each month, and how many of those moderators have upheld."""
    rows = (
        Report.objects.filter(created_at__gte=since)
        .annotate(month=_month("created_at"))
        .values("month")
        .annotate(
            reports_received=Count("id"),
            reports_upheld=Count("id", filter=Q(status=Report.State.ACTION_TAKEN)),
        )
        .order_by()
    )
    return {row.pop("month"): row for row in rows}


def _appeals_per_month(since: dt.datetime) -> dict[dt.datetime, dict[str, int]]:
    """Appeals filed in each month, and how many of those were upheld (decision reversed) or denied."""
    rows = (
        Appeal.objects.filter(created_at__gte=since)
        .annotate(month=_month("created_at"))
        .values("month")
        .annotate(
            appeals=Count("id"),
            appeals_granted=Count("id", filter=Q(status=Appeal.State.UPHELD)),
            appeals_denied=Count("id", filter=Q(status=Appeal.State.DENIED)),
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
    """The counted series: comments and decisions (``DECISION_KEYS``), then reports and appeals (``REPORT_KEYS``)."""
    published = _published_per_month(months[0])
    decided = _decisions_per_month(months[0])
    reports = _reports_per_month(months[0])
    appeals = _appeals_per_month(months[0])

    def series(rows: dict, key: str, label: str, colour: str) -> Series:
        return Series(key, label, colour, tuple(rows.get(m, {}).get(key, 0) for m in months))

    return [
        Series("published", "Comments published", "#1a5fb4", tuple(published.get(m, 0) for m in months)),
        series(decided, "held", "Held for review at submission", "#a84800"),
        series(decided, "rejected", "Rejected", "#8b1a1a"),
        series(decided, "spam", "Marked as spam", "#4d4d4d"),
        series(reports, "reports_received", "Reports received", "#5c2d91"),
        series(reports, "reports_upheld", "Reports upheld", "#0b6e4f"),
        series(appeals, "appeals", "Appeals filed", "#005f73"),
        series(appeals, "appeals_granted", "Appeals upheld (decision reversed)", "#1d6b2f"),
        series(appeals, "appeals_denied", "Appeals denied", "#7a1f5c"),
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


def figures(now: dt.datetime) -> dict:
    """Everything the transparency page and the dashboard show: labels, series, table rows and three SVG charts."""
    months = last_months(now)
    labels = [f"{m:%b %Y}" for m in months]
    counts = monthly_counts(months)
    medians = median_minutes_per_month(months[0])
    median_values = [medians.get(m) for m in months]
    median = Series("median", "Median time to decision (minutes)", "#1a5fb4", tuple(v or 0 for v in median_values))
    decision_series = [s for s in counts if s.key in DECISION_KEYS]
    report_series = [s for s in counts if s.key in REPORT_KEYS]
    return {
        "labels": labels,
        "counts": counts,
        "decision_series": decision_series,
        "report_series": report_series,
        "median_rows": [(label, minutes_in_words(v)) for label, v in zip(labels, median_values, strict=True)],
        # Safe: the chart code writes numbers and html-escaped labels only.
        "counts_chart": mark_safe(  # noqa: S308
            bar_chart(
                "counts-chart",
                "Moderation decisions per month",
                "Comments published, held, rejected and marked as spam in each of the last 12 months (UTC).",
                labels,
                [s for s in decision_series if s.recorded],
            )
        ),
        "reports_chart": mark_safe(  # noqa: S308
            bar_chart(
                "reports-chart",
                "Reports and appeals per month",
                "Reports received and upheld, appeals filed, upheld and denied, by the month each was made (UTC).",
                labels,
                [s for s in report_series if s.recorded],
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


def transparency(request: HttpRequest) -> HttpResponse:
    """The public page: moderation counts and the median time to a moderator's decision, for the last 12 months."""
    return render(request, "moderation/transparency.html", figures(timezone.now()))
