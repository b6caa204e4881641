"""Where notifications start: receivers of the comment, report, sanction and appeal signals enqueue the tasks.

Every one of these signals is sent from ``transaction.on_commit``, so nothing is told about a change that was
rolled back. The receivers only look up ids and enqueue ``stoa.moderation.tasks``; connected in ``apps.ready``.
A task that fails is logged by Django (logger ``django.tasks``, level ERROR, with the traceback).
"""

from __future__ import annotations

from django.dispatch import receiver

from stoa.discussion import signals as discussion_signals
from stoa.moderation import signals, tasks
from stoa.moderation.decisions import Status

TOLD_AT_SUBMISSION = (Status.HELD, Status.REJECTED, Status.SPAM)


@receiver(discussion_signals.comment_decided, dispatch_uid="stoa-notify-comment-decided")
def comment_decided(sender, comment, decision, decision_id=None, **kwargs) -> None:
    """A submitted or edited comment: its member author hears if it is held or removed; a held one may have taken
    the pending queue past a limit, so the queue is checked then (only then: a published comment changes nothing
    there, and ``stoa tick`` checks a queue that only ages)."""
    if comment.author_id and decision.status in TOLD_AT_SUBMISSION:
        stored = decision_id or comment.decisions.order_by("-id").values_list("id", flat=True).first()
        if stored is not None:
            tasks.notify_comment_decision.enqueue(stored)
    if decision.status == Status.HELD:
        tasks.check_pending_queue.enqueue()


@receiver(discussion_signals.comment_moderated, dispatch_uid="stoa-notify-comment-moderated")
def comment_moderated(sender, comment, decision=None, **kwargs) -> None:
    if comment.author_id and decision is not None:
        tasks.notify_comment_decision.enqueue(decision.pk)


@receiver(signals.comment_hidden_by_reports, dispatch_uid="stoa-notify-comment-hidden")
def comment_hidden(sender, comment, decision_id=None, **kwargs) -> None:
    if comment.author_id:
        stored = decision_id or comment.decisions.order_by("-id").values_list("id", flat=True).first()
        tasks.notify_comment_decision.enqueue(stored)
    tasks.check_pending_queue.enqueue()


@receiver(signals.report_status_changed, dispatch_uid="stoa-notify-report-status")
def report_status_changed(sender, report, **kwargs) -> None:
    if report.reporter_id:
        tasks.notify_report_status.enqueue(report.pk, report.status)


@receiver(signals.author_sanctioned, dispatch_uid="stoa-notify-sanction")
def author_sanctioned(sender, sanction, **kwargs) -> None:
    tasks.notify_sanction.enqueue(sanction.pk)


@receiver(signals.sanction_lifted, dispatch_uid="stoa-notify-sanction-lifted")
def sanction_lifted(sender, sanction, **kwargs) -> None:
    tasks.notify_sanction_lifted.enqueue(sanction.pk)


@receiver(signals.appeal_filed, dispatch_uid="stoa-notify-appeal-filed")
def appeal_filed(sender, appeal, **kwargs) -> None:
    tasks.notify_appeal_filed.enqueue(appeal.pk)


@receiver(signals.appeal_decided, dispatch_uid="stoa-notify-appeal-decided")
def appeal_decided(sender, appeal, **kwargs) -> None:
    tasks.notify_appeal_decided.enqueue(appeal.pk)
