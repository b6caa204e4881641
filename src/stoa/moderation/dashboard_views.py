"""The moderators' dashboard: the transparency charts, plus what waits now (queue sizes, the oldest items) and how
often nudged writers revise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stoa.discussion.nudges import nudge_revision_rate
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.appeals import pending_appeals
from stoa.moderation.models import Report
from stoa.moderation.queue import pending_comments, reported_comments
from stoa.moderation.reports import OPEN, reported_posts
from stoa.moderation.transparency import figures, minutes_in_words

NUDGE_PERIOD = timedelta(days=30)


@dataclass(frozen=True)
class Waiting:
    """One queue as the dashboard shows it: how many items wait, and since when the oldest has."""

    label: str
    count: int
    oldest: datetime | None
    link: str

    def waited(self, now: datetime) -> str:
        return minutes_in_words((now - self.oldest).total_seconds() / 60) if self.oldest else "—"


def _waiting(label: str, items, link: str) -> Waiting:
    stats = items.order_by().aggregate(count=Count("id"), oldest=Min("created_at"))
    return Waiting(label, stats["count"], stats["oldest"], link)


def _reported(label: str, items, field: str, link: str) -> Waiting:
    """A reported queue: its items, and the oldest open report among them."""
    reports = Report.objects.filter(status__in=OPEN, **{f"{field}__in": items.values("pk")})
    return Waiting(label, items.count(), reports.aggregate(oldest=Min("created_at"))["oldest"], link)


def queues_now() -> list[Waiting]:
    """The size of each queue and its oldest item's time (for reported items, their oldest open report's)."""
    return [
        _waiting("Held comments", pending_comments(), "moderation:queue"),
        _reported("Reported comments", reported_comments(), "comment", "moderation:reported"),
        _reported("Reported posts", reported_posts(), "post", "moderation:reported_posts"),
        _waiting("Appeals", pending_appeals(), "moderation:appeals_review"),
    ]


@login_required
@permission_required(MODERATE_PERMISSION, raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    queues = [(queue, queue.waited(now)) for queue in queues_now()]
    context = {**figures(now), "queues": queues, "nudges": nudge_revision_rate(now - NUDGE_PERIOD, now=now)}
    return render(request, "moderation/dashboard.html", context)
