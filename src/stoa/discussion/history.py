"""The author history the pipeline reads: approved comments, latest comment times and a member's sanctions.

At most four queries; sanctions are only looked up for members (guests, known by a hashed email, have none).
"""

from __future__ import annotations

from django.db.models import Max, Q

from stoa.discussion.models import Comment
from stoa.moderation.context import AuthorHistory
from stoa.moderation.decisions import Status
from stoa.moderation.models import Sanction


def author_history(*, author, guest_name: str, email_hash: str, ip_hash: str, exclude_pk=None) -> AuthorHistory:
    """What the site knows of this writer; ``exclude_pk`` leaves out the comment being edited from the timing."""
    mine = Q(author=author) if author is not None else Q(author__isnull=True, guest_email_hash=email_hash)
    comments = Comment.objects.exclude(pk=exclude_pk) if exclude_pk else Comment.objects.all()
    approved_filter = mine if author is not None else mine & Q(guest_name=guest_name)
    approved = Comment.objects.filter(approved_filter, status=Status.PUBLISHED).count()
    last_mine = comments.filter(mine).aggregate(at=Max("created_at"))["at"] if (author or email_hash) else None
    last_ip = comments.filter(ip_hash=ip_hash).aggregate(at=Max("created_at"))["at"] if ip_hash else None
    return AuthorHistory(
        is_member=author is not None,
        approved_comments=approved,
        last_comment_at=last_mine,
        last_comment_from_ip_at=last_ip,
        **(_sanctions(author) if author is not None else {}),
    )


def _sanctions(member) -> dict:
    """The member's unlifted sanctions as ``AuthorHistory`` fields (the phase compares ends with its ``now``)."""
    unlifted = list(Sanction.objects.filter(member=member, lifted_at__isnull=True).values_list("kind", "ends_at"))
    suspension_ends = [ends_at for kind, ends_at in unlifted if kind == Sanction.Kind.SUSPENSION and ends_at]
    kinds = {kind for kind, _ in unlifted}
    return {
        "suspended_until": max(suspension_ends, default=None),
        "banned": Sanction.Kind.BAN in kinds,
        "premoderated": Sanction.Kind.PREMODERATION in kinds,
    }
