"""Readers' reports of comments and posts: filing with a receipt, reporter weight, hiding at a threshold, decisions.

A report moves ``received`` → ``under_review`` (a moderator's *Start review*) → ``action_taken`` | ``no_action``
(``TRANSITIONS``); every change is audited. A reporter's weight is ``1 + upheld / (decided + 2)`` (Discourse-like
flag accuracy, smoothed so one lucky report counts little): a new reporter weighs 1, one with 8 of 8 reports upheld
weighs 1.8. When the open reports of a published comment weigh ``hide_weight()`` or more, the comment is held
pending review (a comment already held stays as it is). Posts are never hidden by reports: a post is its author's,
and an editor decides what happens to it.

Upholding may cite a community rule (``rule=``, as a rejection does): the comment's rejection cites it (its author is
told which rule), and each report's ``report.action_taken`` event records the cited reason and the rule's id and
number; for a post, whose reports are the only record, the events are where it is kept.

Each filing and status change sends ``signals.report_status_changed`` after the transaction commits (the reporter
is notified); the reporter's name is never passed to anything the reported author sees.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from stoa.blog.models import Post
from stoa.discussion.models import Comment
from stoa.moderation import signals
from stoa.moderation.actions import MODERATE_PERMISSION, approve_comment, reject_comment, rule_data
from stoa.moderation.audit import record_event
from stoa.moderation.community_rules import check_citable, cited_reason
from stoa.moderation.decisions import Status
from stoa.moderation.models import CommunityRule, ModerationDecision, Report
from stoa.moderation.transitions import check_transition

State = Report.State
OPEN = (State.RECEIVED, State.UNDER_REVIEW)
TRANSITIONS: dict[str, frozenset[str]] = {
    State.RECEIVED: frozenset({State.UNDER_REVIEW, State.ACTION_TAKEN, State.NO_ACTION}),
    State.UNDER_REVIEW: frozenset({State.ACTION_TAKEN, State.NO_ACTION}),
    State.ACTION_TAKEN: frozenset(),
    State.NO_ACTION: frozenset(),
}
HIDDEN_REASON = "hidden after reports"
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L, U: easy to read aloud and type


class ReportRefused(ValueError):
    """A report that cannot be accepted; ``str(error)`` is the sentence shown to the reader."""


class IllegalReportTransition(ValueError):
    """A report cannot move from its current status to the one asked for."""


def hide_weight() -> float:
    """The summed weight of open reports at which a published comment is hidden pending review."""
    return settings.CONFIG.report_hide_weight


def new_receipt() -> str:
    """An unguessable, human-friendly receipt number such as ``R-7K3F-9Q2M`` (30^8 ≈ 6.6·10^11 values)."""
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"R-{chars[:4]}-{chars[4:]}"


def reporter_weight(reporter) -> float:
    """``1 + upheld / (decided + 2)``: accurate reporters count for more, never for less than a new one."""
    decided = Report.objects.filter(reporter=reporter, status__in=[State.ACTION_TAKEN, State.NO_ACTION])
    upheld = decided.filter(status=State.ACTION_TAKEN).count()
    return 1 + upheld / (decided.count() + 2)


def open_weight(comment: Comment) -> float:
    """The summed weight of a comment's open reports."""
    total = comment.reports.filter(status__in=OPEN).aggregate(total=Sum("weight"))["total"]
    return total or 0.0


def file_report(
    comment: Comment,
    *,
    reporter,
    category: str,
    text: str = "",
    now: datetime | None = None,
    held_too: bool = False,
) -> Report:
    """Record a report of a published comment, audit it, and hide the comment if its reports weigh enough.

    ``held_too``: a held comment may be reported as well (the later folder: it was shown to the person it is
    aimed at, who tells the moderators what it is)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        _check_can_report(locked, reporter, held_too=held_too)
        report = _store_report(reporter, category, text, now, comment=locked)
        if locked.status == Status.PUBLISHED and open_weight(locked) >= hide_weight():  # a held one is hidden already
            hide_after_reports(locked, now=now)
    return report


def file_post_report(post: Post, *, reporter, category: str, text: str = "", now: datetime | None = None) -> Report:
    """Record a report of a published post and audit it; the post stays up until its author or an editor acts."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if not Post.objects.published(now).filter(pk=locked.pk).exists():
            raise ReportRefused("This post is not published, so there is nothing to report.")
        if locked.reports.filter(reporter=reporter, status__in=OPEN).exists():
            raise ReportRefused("You have already reported this post, thank you: a moderator will look at it.")
        return _store_report(reporter, category, text, now, post=locked)


def _store_report(reporter, category: str, text: str, now: datetime, *, comment=None, post=None) -> Report:
    report = Report.objects.create(
        receipt=_unused_receipt(),
        comment=comment,
        post=post,
        reporter=reporter,
        category=category,
        text=text,
        weight=reporter_weight(reporter),
        created_at=now,
    )
    record_event("report.received", report, at=now, actor=reporter, data=_report_data(report))
    transaction.on_commit(lambda: signals.report_status_changed.send(Report, report=report, previous=None))
    return report


def _check_can_report(comment: Comment, reporter, *, held_too: bool = False) -> None:
    if comment.status != Status.PUBLISHED and not (held_too and comment.status == Status.HELD):
        raise ReportRefused("This comment is no longer shown, so there is nothing to report.")
    if comment.reports.filter(reporter=reporter, status__in=OPEN).exists():
        raise ReportRefused("You have already reported this comment, thank you: a moderator will look at it.")


def _unused_receipt() -> str:
    receipt = new_receipt()
    while Report.objects.filter(receipt=receipt).exists():
        receipt = new_receipt()
    return receipt


def _report_data(report: Report) -> dict:
    subject = {"post": report.post_id} if report.post_id else {"comment": report.comment_id}
    return {**subject, "category": report.category, "weight": report.weight}


def hide_after_reports(comment: Comment, *, now: datetime) -> Comment:
    """Hold a published comment pending review because of its reports; call inside a transaction."""
    check_transition(comment.status, Status.HELD)
    weight = open_weight(comment)
    comment.status = Status.HELD
    comment.save(update_fields=["status"])
    decision = ModerationDecision.objects.create(
        comment=comment,
        status=Status.HELD,
        reasons=[HIDDEN_REASON],
        scores={"report_weight": weight},
        decided_by="reports",
        created_at=now,
    )
    record_event("comment.hidden_by_reports", comment, at=now, reasons=[HIDDEN_REASON], data={"weight": weight})
    transaction.on_commit(
        lambda: signals.comment_hidden_by_reports.send(Comment, comment=comment, decision_id=decision.pk)
    )
    return comment


def was_hidden_by_reports(comment: Comment) -> bool:
    """Whether the comment is held because its reports hid it (its latest decision is the reports')."""
    latest = comment.decisions.order_by("-id").first()  # insertion order: the last one made
    return comment.status == Status.HELD and latest is not None and latest.decided_by == "reports"


def change_report_status(
    report: Report,
    target: str,
    *,
    moderator,
    now: datetime | None = None,
    reason: str = "",
    rule: CommunityRule | None = None,
) -> Report:
    """Move one report along ``TRANSITIONS``, recording who decided and when, and audit it (with ``reason``, and the
    id and number of the community rule cited, if any: ``reason`` already names it)."""
    _require_moderator(moderator)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        previous = locked.status
        if target not in TRANSITIONS[previous]:
            raise IllegalReportTransition(f"A report marked {previous} cannot be marked {target}.")
        locked.status = target
        if target in (State.ACTION_TAKEN, State.NO_ACTION):
            locked.decided_at, locked.decided_by = now, moderator
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        reasons = [reason] if reason else []
        data = {"from": previous, "to": target, **rule_data(rule)}
        record_event(f"report.{target}", locked, at=now, actor=moderator, reasons=reasons, data=data)
        transaction.on_commit(lambda: signals.report_status_changed.send(Report, report=locked, previous=previous))
    return locked


def start_review(report: Report, *, moderator, now: datetime | None = None) -> Report:
    """A moderator has picked the report up: the reporter sees "under review"."""
    return change_report_status(report, State.UNDER_REVIEW, moderator=moderator, now=now)


def start_review_of(comment: Comment, *, moderator, now: datetime | None = None) -> list[Report]:
    """A moderator picks up a reported comment (the queue's *Start review*): its reports still marked received move
    to ``under_review`` and each reporter is told; the comment itself does not change."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = _lock_with_open_reports(comment)
        received = locked.reports.filter(status=State.RECEIVED)
        return [start_review(report, moderator=moderator, now=now) for report in received]


def uphold_reports(
    comment: Comment,
    *,
    moderator,
    reason: str = "",
    rule: CommunityRule | None = None,
    now: datetime | None = None,
) -> list[Report]:
    """Reject the comment (unless already removed) and mark its open reports ``action_taken``; each report's event
    records the rejection's reason (``reason``, else "upheld reports"). A comment with no open report left (another
    moderator dismissed them) is refused with ``IllegalReportTransition``, and stays as it is.

    ``rule``: the (active) community rule the comment breaks, if the moderator chose one: the rejection cites it, as
    ``reject_comment`` does, and so does each report's event. An inactive rule refuses the whole decision."""
    _require_moderator(moderator)
    check_citable(rule)
    reason = reason or "upheld reports"
    with transaction.atomic():
        locked = _lock_with_open_reports(comment)
        if locked.status in (Status.PUBLISHED, Status.HELD):
            reject_comment(locked, moderator=moderator, reason=reason, rule=rule, now=now)
        cited = cited_reason(rule, reason)
        return _decide_open(locked.reports, State.ACTION_TAKEN, moderator=moderator, now=now, reason=cited, rule=rule)


def dismiss_reports(comment: Comment, *, moderator, now: datetime | None = None) -> list[Report]:
    """Mark the open reports ``no_action``; a comment the reports had hidden is published again. Refused, like
    ``uphold_reports``, when no report is open any more."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = _lock_with_open_reports(comment)
        if was_hidden_by_reports(locked):
            approve_comment(locked, moderator=moderator, reason="reports dismissed", now=now)
        return _decide_open(locked.reports, State.NO_ACTION, moderator=moderator, now=now)


def _lock_with_open_reports(comment: Comment) -> Comment:
    """The comment, locked, or ``IllegalReportTransition`` if none of its reports is open any more (another
    moderator decided them meanwhile: their decision stands, and the comment is not removed or published again)."""
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if not locked.reports.filter(status__in=OPEN).exists():
        raise IllegalReportTransition("This comment has no open reports any more: another moderator decided them.")
    return locked


def uphold_post_reports(
    post: Post,
    *,
    moderator,
    reason: str = "",
    rule: CommunityRule | None = None,
    now: datetime | None = None,
) -> list[Report]:
    """Mark a post's open reports ``action_taken``, with the moderator's reason in the audit log.

    Moderators do not edit posts: the action (an edit, or unpublishing) is the author's or an editor's, and the
    reason says what it was or will be. ``rule``: the (active) community rule the post breaks, if the moderator
    chose one: the reason names it and each report's event keeps its id and number.
    """
    _require_moderator(moderator)
    check_citable(rule)
    with transaction.atomic():
        return _decide_open(
            post.reports, State.ACTION_TAKEN, moderator=moderator, now=now, reason=cited_reason(rule, reason), rule=rule
        )


def dismiss_post_reports(post: Post, *, moderator, reason: str = "", now: datetime | None = None) -> list[Report]:
    """Mark a post's open reports ``no_action``."""
    _require_moderator(moderator)
    with transaction.atomic():
        return _decide_open(post.reports, State.NO_ACTION, moderator=moderator, now=now, reason=reason)


def is_post_reported(post: Post) -> bool:
    """A post is in the reported-posts queue while it has open reports."""
    return any(report.status in OPEN for report in post.reports.all())


def reported_posts() -> QuerySet[Post]:
    """Posts with open reports, heaviest first: ``open_count``, ``open_weight`` and ``open_reports`` fetched."""
    is_open = Q(reports__status__in=OPEN)
    has_open = Exists(Report.objects.filter(post=OuterRef("pk"), status__in=OPEN))
    reports = Report.objects.filter(status__in=OPEN).select_related("reporter").order_by("created_at", "id")
    return (
        Post.objects.filter(has_open)
        .select_related("author")
        .annotate(open_count=Count("reports", filter=is_open), open_weight=Sum("reports__weight", filter=is_open))
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="open_reports"))
        .order_by("-open_weight", "-id")
    )


def _decide_open(
    reports, target: str, *, moderator, now: datetime | None, reason: str = "", rule: CommunityRule | None = None
) -> list[Report]:
    chosen = reports.filter(status__in=OPEN)
    return [
        change_report_status(report, target, moderator=moderator, now=now, reason=reason, rule=rule)
        for report in chosen
    ]


def _require_moderator(user) -> None:
    if not user.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can decide reports.")
