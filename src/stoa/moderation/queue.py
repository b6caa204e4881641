"""The moderation queue, defined once: which comments are pending, as a predicate and as its query."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision


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
