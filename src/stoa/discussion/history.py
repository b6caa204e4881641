"""The author history the pipeline reads: approved comments, latest comment times, recent outcomes and texts, and
a member's sanctions and standing.

A constant number of queries whatever the author's past (four for a guest, seven for a member): one aggregate over
their comments, one for the hashed IP, one each for recent outcomes and recent texts (both capped), and for a
member their sanctions and permissions. Windows are cut here so the queries stay small; the phases compare the
times with ``now`` again, so they stay pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q

from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.context import RECENT_COMMENTS, RECENT_OUTCOMES, AuthorHistory, ModerationSettings, RecentComment
from stoa.moderation.decisions import Status
from stoa.moderation.models import Sanction

_DECIDED = (Status.PUBLISHED, Status.REJECTED, Status.SPAM)
_REJECTED = (Status.REJECTED, Status.SPAM)


@dataclass(frozen=True)
class _Writer:
    """Who is writing: a member, or a guest known by name and hashed email; and the hashed IP either way."""

    author: object | None
    guest_name: str
    email_hash: str
    ip_hash: str

    @property
    def own(self) -> Q | None:
        """Their comments (by account, or a guest's by email); ``None`` for a guest without an email."""
        if self.author is not None:
            return Q(author=self.author)
        return Q(author__isnull=True, guest_email_hash=self.email_hash) if self.email_hash else None

    @property
    def own_or_same_ip(self) -> Q | None:
        same_ip = Q(ip_hash=self.ip_hash) if self.ip_hash else None
        if self.own is None or same_ip is None:
            return self.own or same_ip
        return self.own | same_ip

    def wrote(self, author_id, guest_email_hash: str) -> bool:
        if self.author is not None:
            return author_id == self.author.pk
        return author_id is None and bool(self.email_hash) and guest_email_hash == self.email_hash


def author_history(
    *,
    author,
    guest_name: str,
    email_hash: str,
    ip_hash: str,
    now: datetime,
    settings: ModerationSettings,
    exclude_pk=None,
) -> AuthorHistory:
    """What the site knows of this writer; ``exclude_pk`` leaves out the comment being edited (it still counts as
    approved, so editing one's only approved comment does not make one a newcomer again)."""
    writer = _Writer(author, guest_name, email_hash, ip_hash)
    others = Comment.objects.exclude(pk=exclude_pk) if exclude_pk else Comment.objects.all()
    figures = _own_figures(writer, exclude_pk) if writer.own is not None else {}
    last_ip = others.filter(ip_hash=ip_hash).aggregate(at=Max("created_at"))["at"] if ip_hash else None
    return AuthorHistory(
        is_member=author is not None,
        approved_comments=figures.get("approved", 0),
        last_comment_at=figures.get("last"),
        last_comment_from_ip_at=last_ip,
        last_rejection_at=figures.get("last_rejection"),
        recent_outcomes=_recent_outcomes(others, writer, now, settings),
        recent_comments=_recent_comments(others, writer, now, settings),
        **(_member_standing(author) if author is not None else {}),
    )


def _own_figures(writer: _Writer, exclude_pk) -> dict:
    """Approved count (a guest's: under the same name too), latest comment and latest rejection, in one query."""
    approved = Q(status=Status.PUBLISHED) & (Q() if writer.author is not None else Q(guest_name=writer.guest_name))
    return Comment.objects.filter(writer.own).aggregate(
        approved=Count("pk", filter=approved),
        last=Max("created_at", filter=~Q(pk=exclude_pk) if exclude_pk else Q()),
        last_rejection=Max("created_at", filter=Q(status__in=_REJECTED)),
    )


def _recent_outcomes(others, writer: _Writer, now: datetime, settings: ModerationSettings) -> tuple:
    """(written at, status) of their latest decided comments within the rejection-rate window, newest first."""
    if writer.own is None or settings.rejection_window_seconds <= 0:
        return ()
    since = now - timedelta(seconds=settings.rejection_window_seconds)
    rows = others.filter(writer.own, status__in=_DECIDED, created_at__gte=since).order_by("-created_at", "-pk")
    return tuple((at, Status(status)) for at, status in rows.values_list("created_at", "status")[:RECENT_OUTCOMES])


def _recent_comments(others, writer: _Writer, now: datetime, settings: ModerationSettings) -> tuple:
    """Their latest comments, or those from the same hashed IP, within the repeat-post window, newest first."""
    if writer.own_or_same_ip is None or settings.repeat_window_seconds <= 0:
        return ()
    since = now - timedelta(seconds=settings.repeat_window_seconds)
    rows = others.filter(writer.own_or_same_ip, created_at__gte=since).order_by("-created_at", "-pk")
    fields = ("created_at", "body", "author_id", "guest_email_hash")
    return tuple(
        RecentComment(at, body, writer.wrote(author_id, guest_hash))
        for at, body, author_id, guest_hash in rows.values_list(*fields)[:RECENT_COMMENTS]
    )


def _member_standing(member) -> dict:
    """The member's sanctions as ``AuthorHistory`` fields (the phases compare times with their ``now``), and
    whether they may moderate comments themselves (2 queries, cached on the user)."""
    sanctions = list(Sanction.objects.filter(member=member).values_list("kind", "ends_at", "lifted_at", "created_at"))
    unlifted = [(kind, ends_at) for kind, ends_at, lifted_at, _ in sanctions if lifted_at is None]
    suspension_ends = [ends_at for kind, ends_at in unlifted if kind == Sanction.Kind.SUSPENSION and ends_at]
    kinds = {kind for kind, _ in unlifted}
    return {
        "suspended_until": max(suspension_ends, default=None),
        "banned": Sanction.Kind.BAN in kinds,
        "premoderated": Sanction.Kind.PREMODERATION in kinds,
        "last_sanction_at": max((created_at for *_, created_at in sanctions), default=None),
        "may_moderate": member.has_perm(MODERATE_PERMISSION),
    }
