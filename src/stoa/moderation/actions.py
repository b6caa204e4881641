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
from stoa.moderation.community_rules import check_citable, cited_reason
from stoa.moderation.context import ModerationSettings
from stoa.moderation.decisions import Status
from stoa.moderation.models import CommunityRule, ModerationDecision, Sanction
from stoa.moderation.redaction import EditSummary, summarize_edit
from stoa.moderation.site_settings import current_settings
from stoa.moderation.transitions import IllegalTransition, check_transition
from stoa.rendering import render_comment

MODERATE_PERMISSION = "discussion.moderate_comment"
BY_MODERATOR = "moderator"  # ModerationDecision.decided_by of a moderator's decision


def _change_status(
    comment: Comment,
    target: Status,
    *,
    moderator,
    reason: str,
    action: str,
    now: datetime | None,
    rule: CommunityRule | None = None,
) -> Comment:
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can do this.")
    check_citable(rule)
    return change_status_on_behalf(
        comment, target, actor=moderator, reason=reason, action=action, now=now, decided_by=BY_MODERATOR, rule=rule
    )


def change_status_on_behalf(
    comment: Comment,
    target: Status,
    *,
    actor,
    reason: str,
    action: str,
    decided_by: str,
    now: datetime | None = None,
    rule: CommunityRule | None = None,
) -> Comment:
    """The guarded transition, decision record, audit event and signal of a status change, without the moderator
    check: for callers that checked their own permission (a shielded member's later folder, a removal request).

    ``decided_by``: who the record says decided, always named by the caller: ``"moderator"`` only for a moderator
    (the decided queue, appeals and the transparency figures count those), else the caller's own name (``"later
    folder"``, ``"author"``, a mention's kind).

    ``rule``: the community rule cited; the stored reason names it (``community_rules.cited_reason``), and the
    decision and the audit event keep its id."""
    moderator = actor
    reason = cited_reason(rule, reason)
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
        decision = ModerationDecision.objects.create(
            comment=locked,
            status=target,
            reasons=reasons,
            decided_by=decided_by,
            moderator=moderator,
            rule=rule,
            created_at=now,
        )
        record_event(
            action,
            locked,
            at=now,
            actor=moderator,
            reasons=reasons,
            data={"from": previous, "to": target.value, **rule_data(rule)},
        )
        transaction.on_commit(
            lambda: signals.comment_moderated.send(
                Comment, comment=locked, moderator=moderator, previous=previous, status=target, decision=decision
            )
        )
    return locked


def approve_comment(comment: Comment, *, moderator, reason: str = "", now: datetime | None = None) -> Comment:
    """Publish a held (or wrongly removed) comment; it gets its number now if it never had one."""
    return _change_status(
        comment, Status.PUBLISHED, moderator=moderator, reason=reason, action="comment.approved", now=now
    )


def reject_comment(
    comment: Comment, *, moderator, reason: str = "", rule: CommunityRule | None = None, now: datetime | None = None
) -> Comment:
    """Remove a comment from view; it stays stored for the record and for an appeal.

    ``rule``: the (active) community rule it breaks, if the moderator chose one; the author is told which.
    """
    return _change_status(
        comment, Status.REJECTED, moderator=moderator, reason=reason, action="comment.rejected", now=now, rule=rule
    )


def mark_spam(
    comment: Comment, *, moderator, reason: str = "", rule: CommunityRule | None = None, now: datetime | None = None
) -> Comment:
    """Mark a comment as spam; it leaves view like a rejection but is counted apart.

    ``rule``: the (active) community rule it breaks (a site's "No spam"), if the moderator chose one, as for
    ``reject_comment``.
    """
    return _change_status(
        comment, Status.SPAM, moderator=moderator, reason=reason, action="comment.marked_spam", now=now, rule=rule
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
    member,
    kind: Sanction.Kind,
    *,
    moderator,
    reason: str,
    now: datetime | None,
    comment: Comment | None,
    rule: CommunityRule | None = None,
    lasts: timedelta | None = None,
) -> Sanction:
    """Lock the member, refuse a measure already in force (a ban covers all), store it, audit it, then signal.

    ``comment`` is the comment the moderator acted from, if any: the member is told which comment it was about.
    ``rule`` is the community rule cited, if any: the reason names it and the sanction keeps its id.
    """
    _check_moderator(moderator)
    check_citable(rule)
    reason = cited_reason(rule, reason)
    now = now or timezone.now()
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=member.pk)
        in_force = {s.kind for s in Sanction.objects.filter(member=member) if s.applies_at(now)}
        blocking = Sanction.Kind.BAN if Sanction.Kind.BAN in in_force else kind
        if blocking in in_force and kind != Sanction.Kind.WARNING:
            raise IllegalSanction(f"{member.get_username()} is already under a {blocking.label.lower()}.")
        ends_at = now + lasts if lasts else None
        sanction = Sanction.objects.create(
            member=member,
            kind=kind,
            reason=reason,
            rule=rule,
            comment=comment,
            created_by=moderator,
            created_at=now,
            ends_at=ends_at,
        )
        data = {
            "kind": kind.value,
            "ends_at": ends_at.isoformat() if ends_at else None,
            **({"comment": comment.pk} if comment else {}),
            **rule_data(rule),
        }
        record_event(f"author.{kind.value}", member, at=now, actor=moderator, reasons=_reasons(reason), data=data)
        transaction.on_commit(
            lambda: moderation_signals.author_sanctioned.send(Sanction, sanction=sanction, moderator=moderator)
        )
    return sanction


def _reasons(reason: str) -> list[str]:
    return [reason] if reason else []


def rule_data(rule: CommunityRule | None) -> dict:
    """The audit event's record of the rule cited: its id and its number when cited (the title is in the reason)."""
    return {"rule": rule.pk, "rule_number": rule.position} if rule else {}


def warn_author(
    member,
    *,
    moderator,
    reason: str,
    now: datetime | None = None,
    comment: Comment | None = None,
    rule: CommunityRule | None = None,
) -> Sanction:
    """Record a warning to the member; it changes nothing they can do, but stays in their history."""
    return _sanction(
        member, Sanction.Kind.WARNING, moderator=moderator, reason=reason, now=now, comment=comment, rule=rule
    )


def suspend_author(
    member,
    *,
    moderator,
    period: str,
    reason: str,
    now: datetime | None = None,
    comment: Comment | None = None,
    rule: CommunityRule | None = None,
) -> Sanction:
    """Refuse the member's comments for ``period`` (one of ``SUSPENSION_PERIODS``: 24h, 72h, 7d, 30d)."""
    if period not in SUSPENSION_PERIODS:
        raise IllegalSanction(f"A suspension lasts {', '.join(SUSPENSION_PERIODS)}, not {period!r}.")
    return _sanction(
        member,
        Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason=reason,
        now=now,
        comment=comment,
        rule=rule,
        lasts=SUSPENSION_PERIODS[period],
    )


def ban_author(
    member,
    *,
    moderator,
    reason: str,
    now: datetime | None = None,
    comment: Comment | None = None,
    rule: CommunityRule | None = None,
) -> Sanction:
    """Refuse the member's comments until a moderator lifts the ban."""
    return _sanction(member, Sanction.Kind.BAN, moderator=moderator, reason=reason, now=now, comment=comment, rule=rule)


def premoderate_author(
    member,
    *,
    moderator,
    reason: str,
    now: datetime | None = None,
    comment: Comment | None = None,
    rule: CommunityRule | None = None,
) -> Sanction:
    """Hold every comment the member writes for review until a moderator lifts it."""
    return _sanction(
        member, Sanction.Kind.PREMODERATION, moderator=moderator, reason=reason, now=now, comment=comment, rule=rule
    )


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


def reverse_sanction(sanction: Sanction, *, moderator, reason: str, now: datetime | None = None) -> Sanction:
    """Undo a sanction after an upheld appeal: lift one in force, withdraw a warning; an ended one stays as it is.

    A withdrawn warning gets ``lifted_at`` like a lifted measure, so the record shows it no longer counts.
    """
    _check_moderator(moderator)
    now = now or timezone.now()
    with transaction.atomic():
        locked = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if locked.kind != Sanction.Kind.WARNING:
            in_force = locked.applies_at(now)
            return lift_sanction(locked, moderator=moderator, reason=reason, now=now) if in_force else locked
        if locked.lifted_at is None:
            locked.lifted_at = now
            locked.save(update_fields=["lifted_at"])
            data = {"kind": locked.kind, "sanction": locked.pk}
            record_event(
                "author.warning_withdrawn", locked.member, at=now, actor=moderator, reasons=_reasons(reason), data=data
            )
    return locked


def reject_pending_comments(
    member,
    *,
    moderator,
    reason: str = "",
    now: datetime | None = None,
    comment: Comment | None = None,
    rule: CommunityRule | None = None,
) -> list[Comment]:
    """Reject every held comment of the member (each a ``reject_comment``), plus one audit event for the sweep.

    ``comment``: the comment the moderator acted from, if any, recorded in the sweep's audit event. ``rule``: the
    community rule cited, recorded on each rejection and the sweep.
    """
    _check_moderator(moderator)
    check_citable(rule)
    now = now or timezone.now()
    with transaction.atomic():
        held = Comment.objects.filter(author=member, status=Status.HELD).order_by("created_at", "pk")
        rejected = [reject_comment(each, moderator=moderator, reason=reason, rule=rule, now=now) for each in held]
        data = {
            "comments": [each.pk for each in rejected],
            **({"from_comment": comment.pk} if comment else {}),
            **rule_data(rule),
        }
        reasons = _reasons(cited_reason(rule, reason))
        record_event("author.pending_rejected", member, at=now, actor=moderator, reasons=reasons, data=data)
        transaction.on_commit(
            lambda: moderation_signals.pending_comments_rejected.send(
                Comment, member=member, moderator=moderator, comments=rejected
            )
        )
    return rejected


# Edit and approve: a moderator publishes a held comment with their changes, typically personal data redacted.


class InvalidEdit(ValueError):
    """The moderator's text cannot be published: empty, or outside the site's comment length limits."""


def edit_and_approve(
    comment: Comment, *, moderator, new_text: str, reason: str = "", now: datetime | None = None
) -> Comment:
    """Publish a held comment with the moderator's text, rendered by the same renderer as every comment.

    The original text is kept in none of the site's records: what a moderator redacts (a phone number, an address)
    must not survive in the clear. The decision and the audit event say that the text was edited, how many parts
    were redacted and how many characters they held (``redaction.summarize_edit``), never the characters
    themselves, and no earlier decision's reasons quote the text (highlights are offsets only). The one copy left is
    the author's own: a member author's *held for review* notice quoted the comment to them (their inbox, and their
    email), as docs/moderation.md says under "Edit and approve".
    """
    _check_moderator(moderator)
    text = _publishable(new_text, current_settings(comment.thread.post))
    now = now or timezone.now()
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        previous = locked.status
        if previous != Status.HELD:
            raise IllegalTransition(f"Only a held comment can be edited and approved; this one is {previous}.")
        check_transition(previous, Status.PUBLISHED)
        edit = summarize_edit(_unix_newlines(locked.body), text)
        locked.body, locked.body_html, locked.status = text, render_comment(text), Status.PUBLISHED
        locked.edited_at = now if edit.changed else locked.edited_at
        assign_number(locked)
        locked.published_at = locked.published_at or now
        locked.save(update_fields=["body", "body_html", "edited_at", "status", "number", "published_at"])
        reasons = [*_reasons(reason), *_edit_note(edit)]
        decision = ModerationDecision.objects.create(
            comment=locked,
            status=Status.PUBLISHED,
            reasons=reasons,
            decided_by="moderator",
            moderator=moderator,
            created_at=now,
        )
        data = {"from": previous, "to": Status.PUBLISHED.value, **edit.as_data()}
        record_event("comment.edited_and_approved", locked, at=now, actor=moderator, reasons=reasons, data=data)
        transaction.on_commit(
            lambda: signals.comment_moderated.send(
                Comment,
                comment=locked,
                moderator=moderator,
                previous=previous,
                status=Status.PUBLISHED,
                decision=decision,
            )
        )
    return locked


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n")


def _publishable(new_text: str, limits: ModerationSettings) -> str:
    """The text as it will be stored (trimmed, \\n line ends), or ``InvalidEdit`` saying what is wrong with it;
    ``limits``: the settings in force for the comment's post (a post may override the length limits)."""
    text = _unix_newlines(new_text).strip()
    shortest, longest = limits.min_length, limits.max_length
    if not text:
        raise InvalidEdit("The edited text is empty: write the comment as it should appear, or reject it instead.")
    if len(text) < shortest:
        raise InvalidEdit(f"The edited text is shorter than the {shortest} characters a comment needs.")
    if len(text) > longest:
        raise InvalidEdit(f"The edited text has {len(text):,} characters; a comment has at most {longest:,}.")
    return text


def _edit_note(edit: EditSummary) -> list[str]:
    """The reason recorded with the decision, so the decided queue and the author's appeal show the text changed."""
    if not edit.changed:
        return []
    note = "edited by a moderator before publishing"
    if not edit.redactions:
        return [note]
    return [f"{note}: {edit.redactions} part{'s' if edit.redactions != 1 else ''} redacted"]
