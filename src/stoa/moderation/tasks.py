"""Background work for moderation, as Django tasks (``django.tasks``, backend ``STOA_TASKS_BACKEND``): notifications.

Each task takes ids (task arguments must be JSON) and is enqueued only after the transaction that made the change
has committed (``notifications_receivers``). With the default immediate backend a task runs at once in the same
process; with a queue backend a worker runs it later, so each task loads what it needs and does nothing when the
object is gone by then.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from stoa.moderation import notifications_messages as messages
from stoa.moderation import notifications_queue
from stoa.moderation.appeals import original_moderator_id
from stoa.moderation.models import Appeal, ModerationDecision, Report, Sanction
from stoa.moderation.notifications import deliver, deliver_to_all


@task
def notify_comment_decision(decision_id: int) -> bool:
    """Tell a member their comment was held, approved or removed; returns whether anyone was told."""
    decision = (
        ModerationDecision.objects.select_related("comment__author", "comment__thread").filter(pk=decision_id).first()
    )
    if decision is None or decision.comment.author is None:
        return False
    message = messages.comment_decided(decision, timezone.now())
    if message is not None:
        deliver(decision.comment.author, message)
    return message is not None


@task
def notify_report_status(report_id: int, status: str) -> bool:
    """Tell a reporter their report is now ``status`` (the status it had when the change was made)."""
    report = Report.objects.select_related("reporter", "comment__thread", "post").filter(pk=report_id).first()
    if report is None or report.reporter is None:
        return False
    deliver(report.reporter, messages.report_status(report, status))
    return True


@task
def notify_sanction(sanction_id: int) -> bool:
    """Tell a member about a measure taken against them: what rule, which comment, how to appeal."""
    sanction = Sanction.objects.select_related("member", "comment__thread").filter(pk=sanction_id).first()
    if sanction is None:
        return False
    deliver(sanction.member, messages.sanction_taken(sanction, timezone.now()))
    return True


@task
def notify_sanction_lifted(sanction_id: int) -> bool:
    sanction = Sanction.objects.select_related("member").filter(pk=sanction_id).first()
    if sanction is None:
        return False
    deliver(sanction.member, messages.sanction_lifted(sanction))
    return True


@task
def notify_appeal_decided(appeal_id: int) -> bool:
    appeal = Appeal.objects.select_related("appellant", "sanction").filter(pk=appeal_id).first()
    if appeal is None:
        return False
    deliver(appeal.appellant, messages.appeal_decided(appeal))
    return True


@task
def notify_appeal_filed(appeal_id: int) -> int:
    """Tell the moderators who may decide it that an appeal waits (not its appellant, nor whoever made the decision
    appealed); returns how many were told."""
    appeal = Appeal.objects.select_related("decision__comment__thread", "sanction").filter(pk=appeal_id).first()
    if appeal is None:
        return 0
    barred = {appeal.appellant_id, original_moderator_id(appeal)}
    deciders = notifications_queue.moderators().exclude(pk__in=[pk for pk in barred if pk is not None])
    return len(deliver_to_all(deciders, messages.appeal_filed(appeal)))


@task
def check_pending_queue() -> int:
    """Alert moderators if the pending queue just passed its size or age limit; returns how many were told."""
    return len(notifications_queue.check_pending_queue(timezone.now()))
