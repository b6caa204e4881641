"""Appeals: a member asks for a second look at a removal of their comment or at a sanction against them.

One appeal per decision or sanction, filed within ``STOA_APPEAL_WINDOW_DAYS`` (default 20) of it. A moderator
other than the one who made the decision decides: ``uphold_appeal`` reverses it (the comment is published again,
the sanction lifted or the warning withdrawn) and ``deny_appeal`` lets it stand. Filing and deciding are audited
(``appeal.filed``, ``appeal.upheld``, ``appeal.denied``) and signalled after the transaction commits, so the
appellant is told the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from stoa.moderation import signals
from stoa.moderation.actions import MODERATE_PERMISSION, approve_comment, reverse_sanction
from stoa.moderation.audit import record_event
from stoa.moderation.decisions import Status
from stoa.moderation.models import Appeal, ModerationDecision, Sanction

State = Appeal.State
APPEALABLE_STATUSES = (Status.REJECTED, Status.SPAM)
AUTOMATIC_REASON = "It did not pass the site's automatic checks."
HELD_AFTER_REPORTS = "Readers reported it, so it is hidden until a moderator has looked at it."
HELD_FOR_REVIEW = "It waits for a moderator's review."
PUBLISHED_REASON = "It was published."
OWN_WORDS = ("moderator", "author")  # decided by a person whose words the author may read: a moderator, or themselves


class AppealRefused(ValueError):
    """The member cannot appeal this (not theirs, too late, already appealed ...); ``str`` is the sentence to show."""


class AppealDecisionRefused(ValueError):
    """This moderator cannot decide this appeal now (they made the decision, it is already decided ...)."""


def window_days() -> int:
    return settings.CONFIG.appeal_window_days


def appeal_deadline(made_at: datetime) -> datetime:
    """The last moment to appeal a decision or sanction made at ``made_at``."""
    return made_at + timedelta(days=window_days())


def public_reasons(decision: ModerationDecision) -> list[str]:
    """The reasons the author may read: a moderator's own words (or their own, for a comment they took down after a
    removal request); for anything else one fixed sentence per outcome. Never the automatic checks' scores, the
    spans they quoted, a shield's or a later folder's names, nor why a repeat was matched: what the author wrote
    is theirs, how the site judged it is not."""
    if decision.status == Status.HELD:
        return [HELD_AFTER_REPORTS if decision.decided_by == "reports" else HELD_FOR_REVIEW]
    if decision.decided_by in OWN_WORDS:
        return list(decision.reasons) or ["No reason was given."]
    return [AUTOMATIC_REASON] if decision.status in APPEALABLE_STATUSES else [PUBLISHED_REASON]


def check_decision_appealable(
    decision: ModerationDecision, member, now: datetime, *, latest_id: int | None = None, appealed: bool | None = None
) -> None:
    """Raise ``AppealRefused`` unless ``member`` may appeal this decision on their comment now.

    ``latest_id`` (the id of the comment's newest decision) and ``appealed`` (whether an appeal exists) may be given
    when already fetched for many decisions at once (``appealable_by``); otherwise each costs a query."""
    comment = decision.comment
    if comment.author_id != member.pk:
        raise AppealRefused("You can only appeal decisions about your own comments.")
    if decision.status not in APPEALABLE_STATUSES:
        raise AppealRefused("Only the removal of a comment can be appealed.")
    if latest_id is None:
        latest_id = comment.decisions.order_by("-id").values_list("id", flat=True).first()
    if comment.status != decision.status or latest_id != decision.pk:
        raise AppealRefused("This decision no longer applies: the comment has been decided again since.")
    if appealed if appealed is not None else Appeal.objects.filter(decision=decision).exists():
        raise AppealRefused("You have already appealed this decision; each can be appealed once.")
    _check_in_time(decision.created_at, now)


def check_sanction_appealable(sanction: Sanction, member, now: datetime, *, appealed: bool | None = None) -> None:
    """Raise ``AppealRefused`` unless ``member`` may appeal this sanction against them now (``appealed``: whether
    an appeal exists, when already known; otherwise a query asks)."""
    if sanction.member_id != member.pk:
        raise AppealRefused("You can only appeal measures taken against you.")
    if sanction.lifted_at is not None:
        raise AppealRefused(f"This {sanction.get_kind_display().lower()} has already been lifted.")
    if appealed if appealed is not None else Appeal.objects.filter(sanction=sanction).exists():
        raise AppealRefused("You have already appealed this measure; each can be appealed once.")
    _check_in_time(sanction.created_at, now)


def _check_in_time(made_at: datetime, now: datetime) -> None:
    deadline = appeal_deadline(made_at)
    if now > deadline:
        raise AppealRefused(f"The {window_days()} days to appeal ended on {deadline:%d %B %Y}.")


def file_decision_appeal(decision: ModerationDecision, *, member, text: str, now: datetime | None = None) -> Appeal:
    """Appeal the removal of the member's comment."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            ModerationDecision.objects.select_for_update(of=("self",)).select_related("comment").get(pk=decision.pk)
        )
        check_decision_appealable(locked, member, now)
        return _store_appeal(member, text, now, decision=locked)


def file_sanction_appeal(sanction: Sanction, *, member, text: str, now: datetime | None = None) -> Appeal:
    """Appeal a warning, suspension, ban or pre-moderation against the member."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Sanction.objects.select_for_update().get(pk=sanction.pk)
        check_sanction_appealable(locked, member, now)
        return _store_appeal(member, text, now, sanction=locked)


def _store_appeal(member, text: str, now: datetime, **appealed) -> Appeal:
    if not text.strip():
        raise AppealRefused("Say why you think the decision was wrong.")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(appellant=member, text=text.strip(), created_at=now, **appealed)
    except IntegrityError:  # a second appeal racing the first: the one-to-one field refuses it
        raise AppealRefused("You have already appealed this; each decision can be appealed once.") from None
    record_event("appeal.filed", appeal, at=now, actor=member, data=_appeal_data(appeal))
    transaction.on_commit(lambda: signals.appeal_filed.send(Appeal, appeal=appeal))
    return appeal


def _appeal_data(appeal: Appeal) -> dict:
    appealed = {"decision": appeal.decision_id} if appeal.decision_id else {"sanction": appeal.sanction_id}
    return {**appealed, "appellant": appeal.appellant_id, "status": appeal.status}


def original_moderator_id(appeal: Appeal) -> int | None:
    """Who made the decision under appeal (``None``: the automatic checks, or a deleted account)."""
    return appeal.decision.moderator_id if appeal.decision_id else appeal.sanction.created_by_id


def check_can_decide(appeal: Appeal, moderator) -> None:
    """Raise unless ``moderator`` may decide ``appeal``: a moderator, not its appellant, not the original decider."""
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can decide appeals.")
    if appeal.status != State.PENDING:
        raise AppealDecisionRefused(f"This appeal has already been decided ({appeal.get_status_display().lower()}).")
    if moderator.pk == appeal.appellant_id:
        raise AppealDecisionRefused("You cannot decide your own appeal; another moderator will.")
    if moderator.pk == original_moderator_id(appeal):
        raise AppealDecisionRefused("A different moderator must decide this appeal: you made the decision it appeals.")


def uphold_appeal(appeal: Appeal, *, moderator, reason: str = "", now: datetime | None = None) -> Appeal:
    """Grant the appeal and reverse what it appealed: publish the comment again, or lift or withdraw the sanction."""
    return _decide(appeal, State.UPHELD, moderator=moderator, reason=reason, now=now)


def deny_appeal(appeal: Appeal, *, moderator, reason: str = "", now: datetime | None = None) -> Appeal:
    """Refuse the appeal: the decision stands."""
    return _decide(appeal, State.DENIED, moderator=moderator, reason=reason, now=now)


def _decide(appeal: Appeal, outcome: str, *, moderator, reason: str, now: datetime | None) -> Appeal:
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("decision__comment", "sanction")
            .get(pk=appeal.pk)
        )
        check_can_decide(locked, moderator)
        if outcome == State.UPHELD:
            _reverse(locked, moderator=moderator, reason=reason, now=now)
        locked.status, locked.decided_at, locked.decided_by = outcome, now, moderator
        locked.outcome_reason = reason.strip()
        locked.save(update_fields=["status", "decided_at", "decided_by", "outcome_reason"])
        reasons = [locked.outcome_reason] if locked.outcome_reason else []
        record_event(f"appeal.{outcome}", locked, at=now, actor=moderator, reasons=reasons, data=_appeal_data(locked))
        transaction.on_commit(lambda: signals.appeal_decided.send(Appeal, appeal=locked))
    return locked


def _reverse(appeal: Appeal, *, moderator, reason: str, now: datetime) -> None:
    why = f"appeal upheld: {reason.strip()}" if reason.strip() else "appeal upheld"
    if appeal.sanction_id:
        reverse_sanction(appeal.sanction, moderator=moderator, reason=why, now=now)
    elif appeal.decision.comment.status in APPEALABLE_STATUSES:  # not already published again by someone else
        approve_comment(appeal.decision.comment, moderator=moderator, reason=why, now=now)


def pending_appeals() -> QuerySet[Appeal]:
    """Appeals waiting for a moderator, oldest first: the appeals queue."""
    return (
        Appeal.objects.filter(status=State.PENDING)
        .select_related("appellant", "decision__comment__thread__post", "sanction")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class Appealable:
    """What a member may still appeal: removals of their comments and sanctions, each with its deadline."""

    decisions: list[ModerationDecision]
    sanctions: list[Sanction]


def appealable_by(member, now: datetime | None = None) -> Appealable:
    """Every decision and sanction the member could appeal at ``now`` (for their appeals page), in three queries
    whatever their number: the candidates come without an appeal, and each comment's newest decision in one go."""
    now = now or timezone.now()
    since = now - timedelta(days=window_days())
    decisions = list(
        ModerationDecision.objects.filter(
            comment__author=member, status__in=APPEALABLE_STATUSES, created_at__gte=since, appeal__isnull=True
        ).select_related("comment__thread__post")
    )
    newest = dict(
        ModerationDecision.objects.filter(comment_id__in={d.comment_id for d in decisions})
        .values("comment_id")
        .annotate(newest=Max("id"))
        .values_list("comment_id", "newest")
    )
    sanctions = Sanction.objects.filter(member=member, created_at__gte=since, appeal__isnull=True)
    return Appealable(
        decisions=[
            d
            for d in decisions
            if _allowed(check_decision_appealable, d, member, now, latest_id=newest.get(d.comment_id), appealed=False)
        ],
        sanctions=[s for s in sanctions if _allowed(check_sanction_appealable, s, member, now, appealed=False)],
    )


def _allowed(check, subject, member, now: datetime, **known) -> bool:
    try:
        check(subject, member, now, **known)
    except AppealRefused:
        return False
    return True
