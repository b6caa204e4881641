"""Background work for pile-on defence, as Django tasks run after the comment's transaction commits."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils import timezone

from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.models import Report
from stoa.moderation.notifications import deliver, deliver_to_all
from stoa.safety import messages
from stoa.safety.models import RemovalRequest, Shield
from stoa.safety.pileon_watch import watch_comment, watch_reported_member


@task
def watch_for_pileons(comment_id: int) -> list[int]:
    """Run the pile-on detector for the comment's targets; return the ids of the shields it opened."""
    return [shield.pk for shield in watch_comment(comment_id, timezone.now())]


@task
def notify_shield_opened(shield_id: int) -> bool:
    """Tell the shielded member (unless dormant) and every moderator that a shield opened, and why; a member who
    shielded themselves is not told what they did, nor are the moderators (it is their own choice)."""
    shield = Shield.objects.select_related("member").filter(pk=shield_id).first()
    if shield is None or shield.origin == Shield.Origin.SELF:
        return False
    if shield.member is not None:
        deliver(shield.member, messages.shield_opened_for_target(shield))
    moderators = get_user_model().objects.with_perm(MODERATE_PERMISSION, is_active=True)
    deliver_to_all(moderators, messages.shield_opened_for_moderators(shield))
    return True


@task
def notify_shield_lifted(shield_id: int) -> bool:
    """Tell the member (unless dormant) that the shield that protected them ran out, and the moderators too, except
    for a member's own shield (they were not told it opened)."""
    shield = Shield.objects.select_related("member").filter(pk=shield_id).first()
    if shield is None:
        return False
    if shield.member is not None:
        deliver(shield.member, messages.shield_lifted_for_target(shield))
    if shield.origin != Shield.Origin.SELF:
        moderators = get_user_model().objects.with_perm(MODERATE_PERMISSION, is_active=True)
        deliver_to_all(moderators, messages.shield_lifted_for_moderators(shield))
    return True


@task
def watch_reports_against(report_id: int) -> int | None:
    """After a report of a member's comment: check the member for a report flood; return the shield's id if one
    opened."""
    report = Report.objects.select_related("comment__author").filter(pk=report_id).first()
    if report is None or report.comment is None or report.comment.author is None:
        return None
    shield = watch_reported_member(report.comment.author, report.created_at, timezone.now())
    return shield.pk if shield is not None else None


@task
def notify_removal_request(request_id: int) -> int:
    """Tell whoever the request's new state concerns: the author (their turn), the moderators (theirs), and a
    requester with an account (every change). Returns how many were told."""
    request = RemovalRequest.objects.select_related("post__author", "comment__author", "requester").get(pk=request_id)
    State = RemovalRequest.State
    told = []
    author = request.post.author if request.post_id else request.comment.author
    if request.state == State.WITH_AUTHOR and author is not None:
        told.append(deliver(author, messages.removal_for_author(request)))
    if request.state in (State.DECLINED, State.ESCALATED):
        moderators = get_user_model().objects.with_perm(MODERATE_PERMISSION, is_active=True)
        told += deliver_to_all(moderators, messages.removal_for_moderators(request))
    if request.requester is not None and request.state != State.UNCONFIRMED:
        told.append(deliver(request.requester, messages.removal_status_for_requester(request)))
    return sum(1 for notification in told if notification is not None)
