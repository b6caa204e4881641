"""What each notification says, in plain words: one function per event, returning a ``Message``.

Two rules hold everywhere: an author is never told who reported them, and never the automatic checks' scores or
marked spans (``appeals.public_reasons``); a reporter is told their report's status, never who decided it. A
measure against someone always says what rule, which comment, and how and until when to appeal.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.text import Truncator

from stoa.discussion.models import Comment
from stoa.moderation.appeals import appeal_deadline, public_reasons
from stoa.moderation.community_rules import moderator_note
from stoa.moderation.decisions import Status
from stoa.moderation.models import Appeal, CommunityRule, ModerationDecision, Notification, Report, Sanction
from stoa.moderation.notifications import Message, absolute_url

Kind = Notification.Kind


def _when(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%d %B %Y, %H:%M} UTC"


def _excerpt(comment: Comment) -> str:
    return f"“{Truncator(comment.body).chars(300)}”"


def _where(comment: Comment) -> str:
    return f"“{comment.thread.title or comment.thread.key}”"


def _how_to_appeal(made_at: dt.datetime, link: str, now: dt.datetime) -> str:
    deadline = appeal_deadline(made_at)
    if now > deadline:
        return "The time to appeal this has passed."
    return (
        f"If you think this was wrong, you can appeal until {_when(deadline)} on this page: {link} "
        "A moderator other than the one who decided will look at it."
    )


def _why(rule: CommunityRule | None, reason: str) -> str:
    """The "Why" paragraph: the rule broken with its link and the moderator's own words, or just their words."""
    if rule is None:
        return f"Why: {reason}"
    link = absolute_url(rule.get_absolute_url())
    why = f"Why: this breaks rule {rule.position} of our community rules: {rule.title} — {link}"
    note = moderator_note(rule, reason)
    return f"{why}\n\nThe moderator's note: {note}" if note else why


def comment_decided(decision: ModerationDecision, now: dt.datetime) -> Message | None:
    """For the comment's author: held (by the checks or after reports), approved, or removed; ``None`` otherwise."""
    if decision.status == Status.HELD:
        return _held(decision.comment, after_reports=decision.decided_by == "reports")
    if decision.status == Status.PUBLISHED and decision.decided_by == "moderator":
        return _approved(decision.comment)
    if decision.status in (Status.REJECTED, Status.SPAM):
        return _removed(decision, now)
    return None


def _held(comment: Comment, *, after_reports: bool) -> Message:
    if after_reports:
        subject = "Your comment is hidden until a moderator reviews it"
        opening = (
            f"Readers reported your comment on {_where(comment)}, so it is hidden until a moderator has looked at it."
        )
    else:
        subject = "Your comment is waiting for review"
        opening = f"Your comment on {_where(comment)} will appear once a moderator has reviewed it."
    body = (
        f"{opening} You do not need to do anything: we will tell you when it is decided.\n\n"
        f"Your comment:\n{_excerpt(comment)}"
    )
    return Message(Kind.COMMENT_HELD, subject, body, comment.get_absolute_url())


def _approved(comment: Comment) -> Message:
    body = f"A moderator approved your comment on {_where(comment)}; readers can see it now.\n\n{_excerpt(comment)}"
    return Message(Kind.COMMENT_APPROVED, "Your comment is published", body, comment.get_absolute_url())


def _removed(decision: ModerationDecision, now: dt.datetime) -> Message:
    comment = decision.comment
    link = reverse("moderation:appeal_decision", args=[decision.pk])
    how = "as spam" if decision.status == Status.SPAM else "from view"
    body = (
        f"Your comment on {_where(comment)} was removed {how}.\n\n"
        f"{_why(decision.rule, ' '.join(public_reasons(decision)))}\n\n"
        f"Your comment:\n{_excerpt(comment)}\n\n"
        f"{_how_to_appeal(decision.created_at, link, now)}"
    )
    return Message(Kind.COMMENT_REJECTED, "Your comment was removed", body, link)


def _sanction_effect(sanction: Sanction) -> tuple[str, str]:
    """(subject, what it means for the member)."""
    if sanction.kind == Sanction.Kind.SUSPENSION:
        until = _when(sanction.ends_at)
        return f"You are suspended until {until}", f"You cannot comment until {until}."
    if sanction.kind == Sanction.Kind.BAN:
        return "You are banned from commenting", "You cannot comment until a moderator lifts the ban."
    if sanction.kind == Sanction.Kind.PREMODERATION:
        return (
            "Your comments will be reviewed before they appear",
            "A moderator will review each of your comments before readers see it.",
        )
    return "You have received a warning", "A warning changes nothing you can do, but it stays on your record."


def sanction_taken(sanction: Sanction, now: dt.datetime) -> Message:
    """For the member: the measure, what rule, which comment (if the moderator acted from one), how to appeal."""
    subject, effect = _sanction_effect(sanction)
    link = reverse("moderation:appeal_sanction", args=[sanction.pk])
    about = ""
    if sanction.comment is not None:
        about = f"It is about your comment on {_where(sanction.comment)}:\n{_excerpt(sanction.comment)}\n\n"
    body = (
        f"{subject}. {effect}\n\n"
        f"{_why(sanction.rule, sanction.reason or 'No reason was given.')}\n\n"
        f"{about}{_how_to_appeal(sanction.created_at, link, now)}"
    )
    return Message(Kind.SANCTION, subject, body, link)


def sanction_lifted(sanction: Sanction) -> Message:
    what = sanction.get_kind_display().lower()
    body = f"A moderator lifted the {what} on your account: you can comment as before."
    return Message(Kind.SANCTION_LIFTED, f"Your {what} has been lifted", body, reverse("moderation:my_appeals"))


_REPORT_NEWS = {
    Report.State.RECEIVED: "We received your report of {what} on {where}. Keep the receipt number {receipt} to "
    "follow it; a moderator will look at it.",
    Report.State.UNDER_REVIEW: "A moderator is looking at your report {receipt} of {what} on {where}.",
    Report.State.ACTION_TAKEN: "Moderators acted on your report {receipt} of {what} on {where}. Thank you for "
    "telling us.",
    Report.State.NO_ACTION: "Moderators looked at your report {receipt} of {what} on {where} and decided that no "
    "action was needed.",
}


def report_status(report: Report, status: str) -> Message:
    """For the reporter: where their report stands, by its receipt; never who decided."""
    if report.post_id:
        what, where = "a post", f"“{report.post.title}”"
    else:
        what, where = "a comment", _where(report.comment)
    label = Report.State(status).label
    body = _REPORT_NEWS[status].format(what=what, where=where, receipt=report.receipt)
    link = reverse("moderation:receipt", args=[report.receipt])
    return Message(Kind.REPORT_STATUS, f"Your report {report.receipt}: {label.lower()}", body, link)


def appeal_decided(appeal: Appeal) -> Message:
    """For the appellant: the outcome and the moderator's note, not the moderator's name."""
    if appeal.status == Appeal.State.UPHELD:
        subject = "Your appeal was upheld"
        body = f"A moderator reviewed your appeal and reversed the decision: {_reversal(appeal)}"
    else:
        subject = "Your appeal was denied"
        body = "A moderator reviewed your appeal and the decision stands."
    if appeal.outcome_reason:
        body += f"\n\nTheir note: {appeal.outcome_reason}"
    return Message(Kind.APPEAL_DECIDED, subject, body, reverse("moderation:appeal", args=[appeal.pk]))


def appeal_filed(appeal: Appeal) -> Message:
    """For moderators: a member appealed a removal or a measure; the appeal's page is where it is decided."""
    if appeal.decision_id:
        what = f"the removal of a comment on {_where(appeal.decision.comment)}"
    else:
        what = f"a {appeal.sanction.get_kind_display().lower()}"
    body = (
        f"A member appealed {what}. A moderator other than the one who decided it should look at the appeal; "
        "waiting appeals are listed oldest first on the appeals page."
    )
    return Message(
        Kind.APPEAL_FILED, "An appeal is waiting for a moderator", body, reverse("moderation:appeal", args=[appeal.pk])
    )


def _reversal(appeal: Appeal) -> str:
    if appeal.decision_id:
        return "your comment is published again."
    what = appeal.sanction.get_kind_display().lower()
    if appeal.sanction.lifted_at is None:  # a suspension that had already run its course: nothing left to lift
        return f"the {what} is set aside (it had already ended)."
    return "the warning is withdrawn." if appeal.sanction.kind == Sanction.Kind.WARNING else f"the {what} is lifted."


def queue_alert(*, size: int | None, size_limit: int, waited: dt.timedelta | None, age_limit: int) -> Message:
    """For moderators: the pending queue passed its size or its oldest comment's age (whichever is given)."""
    lines = []
    if size is not None:
        lines.append(f"{size} comments are waiting for review (the alert is set at {size_limit}).")
    if waited is not None:
        limit = _duration(dt.timedelta(seconds=age_limit))
        lines.append(f"The oldest has waited {_duration(waited)} (the alert is set at {limit}).")
    subject = "The moderation queue needs attention"
    return Message(Kind.QUEUE_ALERT, subject, "\n".join(lines), reverse("moderation:queue"))


def _duration(span: dt.timedelta) -> str:
    """``timedelta(days=1, hours=3)`` → "1 day 3 hours"; under an hour in minutes."""
    hours = int(span.total_seconds() // 3600)
    if hours == 0:
        minutes = int(span.total_seconds() // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    days, hours = divmod(hours, 24)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts)
