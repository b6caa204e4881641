"""Accounts: creating members and staff with their roles, and the controls a member keeps over their own account.

Follow, mute and block are idempotent (a second click changes nothing); a refused one raises ``RelationRefused``
with the sentence to show. A block also ends any follow between the two, as Twitter and Mastodon do. Dormant
mode hides the profile and stops replies, mentions and notifications until the member comes back. Export gives
everything the site holds about a member; deletion removes or anonymises their comments first, and is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, Q
from django.utils import timezone

from stoa.discussion.models import Comment, NudgeEvent
from stoa.moderation.appeals import public_reasons
from stoa.moderation.audit import record_event
from stoa.moderation.models import ModerationDecision, Report, Sanction
from stoa.people.models import Block, Follow, Mute, User
from stoa.people.roles import STAFF_ROLES, Role

FORMER_MEMBER = "a former member"
REMOVED_TEXT = "[removed by its writer]"


class RelationRefused(ValueError):
    """A follow, mute or block that cannot be made; ``str(error)`` is the sentence shown to the member."""


class WrongPassword(ValueError):
    """The password given to confirm a change to the account is not the account's password."""


class AccountDeletionRefused(ValueError):
    """The account cannot be deleted yet; ``str(error)`` says what must happen first."""


class CommentFate(StrEnum):
    """What happens to a deleted account's comments: their text removed, or kept under "a former member"."""

    REMOVE = "remove"
    ANONYMISE = "anonymise"


def assign_role(user: User, role: Role) -> None:
    """Put ``user`` in the role's group; staff roles may use the admin."""
    user.groups.add(Group.objects.get(name=role.value))
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def register_member(form) -> User:
    """Create an account from a valid sign-up form, as a member."""
    user = form.save()
    assign_role(user, Role.MEMBER)
    return user


@transaction.atomic
def create_admin(username: str, email: str, password: str) -> User:
    """A superuser in the admin role (used by ``stoa createadmin`` and the demo)."""
    user = User.objects.create_superuser(username=username, email=email, password=password)
    assign_role(user, Role.ADMIN)
    return user


def _not_self(member: User, other: User, verb: str) -> None:
    if member.pk == other.pk:
        raise RelationRefused(f"You can't {verb} yourself.")


def follow(member: User, other: User, *, now: datetime | None = None) -> Follow:
    """``member`` follows ``other``; refused across a block, in either direction."""
    _not_self(member, other, "follow")
    if Block.objects.filter(blocker=member, blocked=other).exists():
        raise RelationRefused("You blocked this member: unblock them before following them.")
    if Block.objects.filter(blocker=other, blocked=member).exists():
        raise RelationRefused("You can't follow this member.")
    relation, _ = Follow.objects.get_or_create(
        follower=member, followed=other, defaults={"created_at": now or timezone.now()}
    )
    return relation


def unfollow(member: User, other: User) -> None:
    Follow.objects.filter(follower=member, followed=other).delete()


def mute(member: User, other: User, *, now: datetime | None = None) -> Mute:
    """``member`` sees ``other``'s comments collapsed from now on; ``other`` is not told."""
    _not_self(member, other, "mute")
    relation, _ = Mute.objects.get_or_create(muter=member, muted=other, defaults={"created_at": now or timezone.now()})
    return relation


def unmute(member: User, other: User) -> None:
    Mute.objects.filter(muter=member, muted=other).delete()


@transaction.atomic
def block(member: User, other: User, *, now: datetime | None = None) -> Block:
    """``other`` can no longer reply to, mention or (signed in) read ``member``; follows between them end."""
    _not_self(member, other, "block")
    relation, _ = Block.objects.get_or_create(
        blocker=member, blocked=other, defaults={"created_at": now or timezone.now()}
    )
    Follow.objects.filter(Q(follower=member, followed=other) | Q(follower=other, followed=member)).delete()
    return relation


def unblock(member: User, other: User) -> None:
    Block.objects.filter(blocker=member, blocked=other).delete()


def go_dormant(member: User, *, show_comments_as_anonymous: bool, now: datetime | None = None) -> User:
    """Hide the profile and stop replies, mentions and notifications; choose how the comments are signed."""
    member.dormant_since = member.dormant_since or now or timezone.now()
    member.show_dormant_comments_as_anonymous = show_comments_as_anonymous
    member.save(update_fields=["dormant_since", "show_dormant_comments_as_anonymous"])
    return member


def wake_up(member: User) -> User:
    """Come back from dormant mode: profile, replies, mentions and notifications as before."""
    member.dormant_since = None
    member.save(update_fields=["dormant_since"])
    return member


def accepts_notifications(user: User) -> bool:
    """Whether anything may notify ``user`` now: every notification must ask this first (dormant: no)."""
    return user.is_active and not user.is_dormant


def export_time(moment: datetime | None) -> str | None:
    """A moment as every section of "Export my data" writes it: ISO 8601, or ``None`` for never."""
    return moment.isoformat() if moment else None


def _profile_data(member: User) -> dict:
    return {
        "username": member.username,
        "display_name": member.display_name,
        "email": member.email,
        "bio": member.bio,
        "date_joined": export_time(member.date_joined),
        "last_login": export_time(member.last_login),
        "roles": sorted(member.groups.values_list("name", flat=True)),
        "dormant_since": export_time(member.dormant_since),
        "show_dormant_comments_as_anonymous": member.show_dormant_comments_as_anonymous,
    }


def _comment_data(comment: Comment) -> dict:
    """A comment with its status and every decision on it; who moderated is never named, only that one did, and
    the reasons are those the author may read (``appeals.public_reasons``: no scores, spans or others' names)."""
    return {
        "id": comment.pk,
        "number": comment.number,
        "thread": comment.thread.title or comment.thread.key,
        "url": comment.get_absolute_url(),
        "in_reply_to": comment.in_reply_to_id,
        "body": comment.body,
        "status": comment.status,
        "created_at": export_time(comment.created_at),
        "published_at": export_time(comment.published_at),
        "edited_at": export_time(comment.edited_at),
        "decisions": [
            {
                "status": d.status,
                "reasons": public_reasons(d),
                "decided_by": d.decided_by,
                "at": export_time(d.created_at),
            }
            for d in comment.decisions.all()
        ],
    }


def _report_data(report: Report) -> dict:
    return {
        "receipt": report.receipt,
        "reported_url": (report.comment if report.comment_id else report.post).get_absolute_url(),
        "category": report.category,
        "text": report.text,
        "status": report.status,
        "created_at": export_time(report.created_at),
        "decided_at": export_time(report.decided_at),
    }


def _sanction_data(sanction: Sanction) -> dict:
    return {
        "kind": sanction.kind,
        "reason": sanction.reason,
        "created_at": export_time(sanction.created_at),
        "ends_at": export_time(sanction.ends_at),
        "lifted_at": export_time(sanction.lifted_at),
    }


def _relations_data(member: User) -> dict:
    """The member's own follows, mutes and blocks (never who blocked or muted them)."""
    rows = {
        "follows": Follow.objects.filter(follower=member).values_list("followed__username", "created_at"),
        "mutes": Mute.objects.filter(muter=member).values_list("muted__username", "created_at"),
        "blocks": Block.objects.filter(blocker=member).values_list("blocked__username", "created_at"),
    }
    return {key: [{"username": name, "since": export_time(at)} for name, at in query] for key, query in rows.items()}


EXPORT_SECTIONS: list[Callable[[User], dict]] = []
"""More of a member's data, added by the apps that keep it (``register_export_section`` in their ``ready``)."""


def register_export_section(section: Callable[[User], dict]) -> None:
    """Add ``section(member) -> {"name": [...]}`` to every export (once, however often ``ready`` runs)."""
    if section not in EXPORT_SECTIONS:
        EXPORT_SECTIONS.append(section)


def export_data(member: User, *, now: datetime | None = None) -> dict:
    """Everything the site holds about ``member``, as JSON-ready data (the "Export my data" download)."""
    decisions = Prefetch("decisions", queryset=ModerationDecision.objects.order_by("created_at", "id"))
    comments = Comment.objects.filter(author=member).select_related("thread__post").prefetch_related(decisions)
    reports = Report.objects.filter(reporter=member).select_related("comment__thread__post", "post")
    nudges = NudgeEvent.objects.filter(author=member).values_list("created_at", "outcome")
    return {
        "format": "stoa-member-export/1",
        "exported_at": export_time(now or timezone.now()),
        "profile": _profile_data(member),
        "comments": [_comment_data(comment) for comment in comments],
        "reports_filed": [_report_data(report) for report in reports],
        **_relations_data(member),
        "sanctions": [_sanction_data(sanction) for sanction in Sanction.objects.filter(member=member)],
        "nudges": [{"at": export_time(at), "outcome": outcome} for at, outcome in nudges],
    } | {name: rows for section in EXPORT_SECTIONS for name, rows in section(member).items()}


def _release_comments(member: User, fate: CommentFate) -> int:
    """Detach the member's comments from the account: text removed, or kept as "a former member"'s."""
    fields = {"author": None, "guest_name": FORMER_MEMBER, "guest_email_hash": "", "guest_website": "", "ip_hash": ""}
    if fate == CommentFate.REMOVE:
        fields |= {"body": REMOVED_TEXT, "body_html": f"<p>{REMOVED_TEXT}</p>"}
    return Comment.objects.filter(author=member).update(**fields)


def delete_account(member: User, *, password: str, comments: CommentFate, now: datetime | None = None) -> None:
    """Delete ``member`` for good, once they confirm with their password; their comments first (numbers stay)."""
    if not member.check_password(password):
        raise WrongPassword("That is not your password.")
    if member.posts.exists():
        raise AccountDeletionRefused("You wrote posts on this site: ask an editor to reassign them first.")
    comments = CommentFate(comments)
    with transaction.atomic():
        count = _release_comments(member, comments)
        record_event(
            "account.deleted",
            member,
            at=now or timezone.now(),
            actor=member,
            data={"comments": comments.value, "count": count},
        )
        try:
            member.delete()
        except ProtectedError as error:
            raise AccountDeletionRefused(
                "Something on this site still depends on your account: ask an admin."
            ) from error
