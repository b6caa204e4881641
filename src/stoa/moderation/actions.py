"""Moderator actions on comments and their authors, one function each: permission, guarded change, audit, signal.

Views, bulk operations and (later) the API and CLI all call these; nothing else changes a comment's status.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from stoa.discussion import signals
from stoa.discussion.models import Comment
from stoa.discussion.numbering import assign_number
from stoa.moderation import signals as moderation_signals
from stoa.moderation.audit import record_event
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision, Sanction
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


# Measures against an author (members only): one function each, guarded by the member's sanctions in force.

SUSPENSION_PERIODS: dict[str, timedelta] = {
    "24h": timedelta(hours=24),
    "72h": timedelta(hours=72),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}


class IllegalSanction(ValueError):
    """The measure does not fit the member's standing (already banned, a sanction lifted twice, ...)."""


def _check_moderator(moderator) -> None:
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can do this.")


def _sanction(
    member, kind: Sanction.Kind, *, moderator, reason: str, now: datetime | None, lasts: timedelta | None = None
) -> Sanction:
    """Lock the member, refuse a measure already in force (a ban covers all), store it, audit it, then signal."""
    _check_moderator(moderator)
    now = now or timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=member.pk)
        in_force = {s.kind for s in Sanction.objects.filter(member=member) if s.applies_at(now)}
        blocking = Sanction.Kind.BAN if Sanction.Kind.BAN in in_force else kind
        if blocking in in_force and kind != Sanction.Kind.WARNING:
            raise IllegalSanction(f"{member.get_username()} is already under a {blocking.label.lower()}.")
        ends_at = now + lasts if lasts else None
        sanction = Sanction.objects.create(
            member=member, kind=kind, reason=reason, created_by=moderator, created_at=now, ends_at=ends_at
        )
        data = {"kind": kind.value, "ends_at": ends_at.isoformat() if ends_at else None}
        record_event(f"author.{kind.value}", member, at=now, actor=moderator, reasons=_reasons(reason), data=data)
        transaction.on_commit(
            lambda: moderation_signals.author_sanctioned.send(Sanction, sanction=sanction, moderator=moderator)
        )
    return sanction


def _reasons(reason: str) -> list[str]:
    return [reason] if reason else []


def warn_author(member, *, moderator, reason: str, now: datetime | None = None) -> Sanction:
    """Record a warning to the member; it changes nothing they can do, but stays in their history."""
    return _sanction(member, Sanction.Kind.WARNING, moderator=moderator, reason=reason, now=now)


def suspend_author(member, *, moderator, period: str, reason: str, now: datetime | None = None) -> Sanction:
    """Refuse the member's comments for ``period`` (one of ``SUSPENSION_PERIODS``: 24h, 72h, 7d, 30d)."""
    if period not in SUSPENSION_PERIODS:
        raise IllegalSanction(f"A suspension lasts {', '.join(SUSPENSION_PERIODS)}, not {period!r}.")
    return _sanction(
        member,
        Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason=reason,
        now=now,
        lasts=SUSPENSION_PERIODS[period],
    )


def ban_author(member, *, moderator, reason: str, now: datetime | None = None) -> Sanction:
    """Refuse the member's comments until a moderator lifts the ban."""
    return _sanction(member, Sanction.Kind.BAN, moderator=moderator, reason=reason, now=now)


def premoderate_author(member, *, moderator, reason: str, now: datetime | None = None) -> Sanction:
    """Hold every comment the member writes for review until a moderator lifts it."""
    return _sanction(member, Sanction.Kind.PREMODERATION, moderator=moderator, reason=reason, now=now)


def lift_sanction(sanction: Sanction, *, moderator, reason: str = "", now: datetime | None = None) -> Sanction:
    """End a suspension, ban or pre-moderation early; a warning, or one already lifted or ended, is refused."""
    _check_moderator(moderator)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if locked.kind == Sanction.Kind.WARNING:
            raise IllegalSanction("A warning cannot be lifted; it stays on record.")
        if not locked.applies_at(now):
            raise IllegalSanction(f"This {locked.kind} is already lifted or over.")
        locked.lifted_at = now
        locked.save(update_fields=["lifted_at"])
        data = {"kind": locked.kind, "sanction": locked.pk}
        record_event(
            "author.sanction_lifted", locked.member, at=now, actor=moderator, reasons=_reasons(reason), data=data
        )
        transaction.on_commit(
            lambda: moderation_signals.sanction_lifted.send(Sanction, sanction=locked, moderator=moderator)
        )
    return locked


def reject_pending_comments(member, *, moderator, reason: str = "", now: datetime | None = None) -> list[Comment]:
    """Reject every held comment of the member (each a ``reject_comment``), plus one audit event for the sweep."""
    _check_moderator(moderator)
    now = now or timezone.now()
    with transaction.atomic():
        held = Comment.objects.filter(author=member, status=Status.HELD).order_by("created_at", "pk")
        rejected = [reject_comment(comment, moderator=moderator, reason=reason, now=now) for comment in held]
        data = {"comments": [comment.pk for comment in rejected]}
        record_event("author.pending_rejected", member, at=now, actor=moderator, reasons=_reasons(reason), data=data)
        transaction.on_commit(
            lambda: moderation_signals.pending_comments_rejected.send(
                Comment, member=member, moderator=moderator, comments=rejected
            )
        )
    return rejected
