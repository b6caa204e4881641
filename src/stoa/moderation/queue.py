"""The moderation queues, defined once each as a predicate and its query: pending (held) and reported."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision, Report

REPORT_OPEN = (Report.State.RECEIVED, Report.State.UNDER_REVIEW)
REPORTABLE_VISIBLE = (Status.PUBLISHED, Status.HELD)


def is_pending(comment: Comment) -> bool:
    """A comment waits for a moderator while it is held."""
    return comment.status == Status.HELD


def pending_comments() -> QuerySet[Comment]:
    """The held comments, newest first, with the latest decision's reasons and the post fetched up front."""
    decisions = ModerationDecision.objects.order_by("-created_at", "-id")
    return (
        Comment.objects.filter(status=Status.HELD)
        .select_related("author", "thread__post", "in_reply_to")
        .prefetch_related(Prefetch("decisions", queryset=decisions, to_attr="decision_history"))
        .order_by("-created_at", "-id")
    )


def is_reported(comment: Comment) -> bool:
    """A comment is in the reported queue while it has open reports and is shown or hidden pending review."""
    return comment.status in REPORTABLE_VISIBLE and any(r.status in REPORT_OPEN for r in comment.reports.all())


def reported_comments() -> QuerySet[Comment]:
    """The reported comments, heaviest first, with ``open_count``, ``open_weight`` and ``open_reports`` fetched."""
    is_open = Q(reports__status__in=REPORT_OPEN)
    open_reports = Report.objects.filter(status__in=REPORT_OPEN).select_related("reporter")
    has_open = Exists(Report.objects.filter(comment=OuterRef("pk"), status__in=REPORT_OPEN))
    return (
        Comment.objects.filter(has_open, status__in=REPORTABLE_VISIBLE)
        .annotate(open_count=Count("reports", filter=is_open), open_weight=Sum("reports__weight", filter=is_open))
        .select_related("author", "thread__post")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("-open_weight", "-created_at", "-id")
    )


def earlier_comments(comment: Comment, limit: int = 5) -> list[Comment]:
    """The same author's previous comments (by account, or by a guest's hashed email), newest first."""
    if comment.author_id:
        same_author = Comment.objects.filter(author_id=comment.author_id)
    elif comment.guest_email_hash:
        same_author = Comment.objects.filter(author__isnull=True, guest_email_hash=comment.guest_email_hash)
    else:
        return []
    earlier = same_author.filter(created_at__lt=comment.created_at).select_related("thread__post")
    return list(earlier.order_by("-created_at")[:limit])
