"""Moderator actions on comments, one function each: permission, guarded transition, decision, audit, signal.

Views, bulk operations and (later) the API and CLI all call these; nothing else changes a comment's status.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from stoa.discussion import signals
from stoa.discussion.models import Comment
from stoa.discussion.numbering import assign_number
from stoa.moderation.audit import record_event
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.moderation.transitions import check_transition

MODERATE_PERMISSION = "discussion.moderate_comment"


def _change_status(
    comment: Comment, target: Status, *, moderator, reason: str, action: str, now: datetime | None
) -> Comment:
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can do this.")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        previous = locked.status
        check_transition(previous, target)
        locked.status = target
        if target == Status.PUBLISHED:
            assign_number(locked)
            locked.published_at = locked.published_at or now
        locked.save(update_fields=["status", "number", "published_at"])
        reasons = [reason] if reason else []
        ModerationDecision.objects.create(
            comment=locked,
            status=target,
            reasons=reasons,
            decided_by="moderator",
            moderator=moderator,
            created_at=now,
        )
        record_event(
            action,
            locked,
            at=now,
            actor=moderator,
            reasons=reasons,
            data={"from": previous, "to": target.value},
        )
        transaction.on_commit(
            lambda: signals.comment_moderated.send(
                Comment, comment=locked, moderator=moderator, previous=previous, status=target
            )
        )
    return locked


def approve_comment(comment: Comment, *, moderator, reason: str = "", now: datetime | None = None) -> Comment:
    """Publish a held (or wrongly removed) comment; it gets its number now if it never had one."""
    return _change_status(
        comment, Status.PUBLISHED, moderator=moderator, reason=reason, action="comment.approved", now=now
    )


def reject_comment(comment: Comment, *, moderator, reason: str = "", now: datetime | None = None) -> Comment:
    """Remove a comment from view; it stays stored for the record and for an appeal."""
    return _change_status(
        comment, Status.REJECTED, moderator=moderator, reason=reason, action="comment.rejected", now=now
    )


def mark_spam(comment: Comment, *, moderator, reason: str = "", now: datetime | None = None) -> Comment:
    """Mark a comment as spam; it leaves view like a rejection but is counted apart."""
    return _change_status(
        comment, Status.SPAM, moderator=moderator, reason=reason, action="comment.marked_spam", now=now
    )
