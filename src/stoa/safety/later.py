"""The 'later' folder: comments a shield held because they were aimed at a member, reviewed by that member or the
helpers they chose (Block Party's helpers), not only by moderators.

The member (or a helper) may approve a comment only when a shield is the sole reason it waits: a comment also
held for an insult or personal data stays for the moderators. They may hide any of them (it is rejected with
the reason "hidden by the person it was aimed at"), or report it to the moderators on the member's behalf.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from stoa.detection.people_register import member_key
from stoa.discussion.models import Comment
from stoa.moderation.actions import change_status_on_behalf
from stoa.moderation.audit import record_event
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.moderation.reports import file_report
from stoa.safety.models import AimedComment, ShieldHelper
from stoa.safety.shields import SHIELD_REASON_PREFIX

HIDDEN_REASON = "hidden by the person it was aimed at"
LATER_FOLDER = "later folder"


class NotForLater(ValueError):
    """The comment is not waiting in this member's later folder, or waits for more than a shield."""


def later_comments(member) -> list[Comment]:
    """Held comments that only ``member``'s own shield holds, oldest first.

    Not shown to the member or their helpers: a comment also held for something else (an insult, personal data
    about them), which is the moderators' alone; and a comment another person's shield holds too (someone the
    member is friendly with must not be able to wave a comment past *that* shield).
    """
    mine = AimedComment.objects.filter(target_member=member, held_by_shield=True)
    someone_elses = AimedComment.objects.filter(held_by_shield=True).exclude(target_key=member_key(member.username))
    held = (
        Comment.objects.filter(pk__in=mine.values("comment_id"), status=Status.HELD)
        .exclude(pk__in=someone_elses.values("comment_id"))
        .select_related("author", "thread__post")
        .prefetch_related(Prefetch("decisions", ModerationDecision.objects.order_by("-created_at", "-id")))
        .order_by("created_at", "id")
    )
    return [comment for comment in held if held_only_by_shield(comment)]


def helps(helper, member) -> bool:
    """Whether ``helper`` may review ``member``'s later folder."""
    return helper.is_authenticated and (
        helper.pk == member.pk or ShieldHelper.objects.filter(member=member, helper=helper).exists()
    )


def held_only_by_shield(comment: Comment) -> bool:
    """Whether every reason of the comment's latest decision is a shield (decisions prefetched newest first)."""
    decision = next(iter(comment.decisions.all()), None)
    return decision is not None and all(reason.startswith(SHIELD_REASON_PREFIX) for reason in decision.reasons)


def _check(comment: Comment, member, by) -> None:
    if not helps(by, member):
        raise PermissionDenied("Only the member and the helpers they chose can review their later folder.")
    if comment.pk not in {waiting.pk for waiting in later_comments(member)}:
        raise NotForLater("This comment is not waiting in the later folder.")


def approve_later(comment: Comment, *, member, by, now: datetime | None = None) -> Comment:
    """Publish a comment the member's shield held; refused if it also waits for another reason."""
    _check(comment, member, by)
    reason = f"approved by {member.get_username()}" + ("" if by.pk == member.pk else f" (helper {by.get_username()})")
    return change_status_on_behalf(
        comment, Status.PUBLISHED, actor=by, reason=reason, action="later.approved", now=now, decided_by=LATER_FOLDER
    )


def hide_later(comment: Comment, *, member, by, now: datetime | None = None) -> Comment:
    """Keep a held comment out of view for good; its author can appeal to the moderators as usual."""
    _check(comment, member, by)
    return change_status_on_behalf(
        comment,
        Status.REJECTED,
        actor=by,
        reason=HIDDEN_REASON,
        action="later.hidden",
        now=now,
        decided_by=LATER_FOLDER,
    )


def report_later(comment: Comment, *, member, by, category: str, text: str = "", now: datetime | None = None):
    """Report a held comment to the moderators on the member's behalf (it stays held)."""
    _check(comment, member, by)
    return file_report(comment, reporter=by, category=category, text=text, now=now, held_too=True)


def add_helper(member, helper, *, now: datetime | None = None) -> ShieldHelper:
    """Let ``helper`` review ``member``'s later folder; adding the same helper twice keeps one."""
    if helper.pk == member.pk:
        raise ValueError("You review your own later folder already; choose someone else as a helper.")
    now = now or timezone.now()
    try:
        with transaction.atomic():
            row, created = ShieldHelper.objects.get_or_create(member=member, helper=helper)
            if created:
                record_event("shield.helper_added", member, at=now, actor=member, data={"helper": helper.pk})
    except IntegrityError:
        row = ShieldHelper.objects.get(member=member, helper=helper)
    return row


def remove_helper(member, helper, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        removed, _ = ShieldHelper.objects.filter(member=member, helper=helper).delete()
        if removed:
            record_event("shield.helper_removed", member, at=now, actor=member, data={"helper": helper.pk})
    return bool(removed)
