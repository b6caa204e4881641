"""The comment's path: a validated draft in, a stored comment with its decision out (DESIGN.md, hot path).

``submit_comment`` builds the moderation context, runs the pipeline (before the transaction: the model's work
holds no lock), and writes the comment as the transforms left it, its decision and an audit event in one
transaction; a refusal raises and writes nothing. Side effects (notifications) are sent only after the
transaction commits.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stoa.discussion import signals
from stoa.discussion.errors import CommentInvalid, EditNotAllowed, refusal_error
from stoa.discussion.models import Comment, CommentKind, Thread
from stoa.discussion.numbering import assign_number
from stoa.discussion.threads import is_closed
from stoa.discussion.writing_context import Writing, writing_context
from stoa.moderation import pipeline
from stoa.moderation.audit import record_event
from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Decision, Refusal, Status
from stoa.moderation.models import ModerationDecision
from stoa.moderation.transitions import check_transition
from stoa.privacy import hash_email, hash_ip
from stoa.rendering import render_comment
from stoa.safety.aiming import AimedDraft, hostility_for, record_aims
from stoa.safety.tasks import watch_for_pileons


@dataclass(frozen=True)
class CommentDraft:
    """A comment as written, already validated for shape by a form or API schema.

    Either ``author`` (a signed-in member) or ``guest_name`` + ``guest_email`` is set. ``reply_to`` is the
    published comment being answered, if any. ``ip_address`` is hashed before anything stores it. ``kind`` and
    ``source_url`` mark a mention (a Webmention or Pingback from another page): its author is the linking page's,
    known by name only, so it needs no email.
    """

    thread: Thread
    body: str
    author: object | None = None
    guest_name: str = ""
    guest_email: str = ""
    guest_website: str = ""
    reply_to: Comment | None = None
    ip_address: str = ""
    kind: str = CommentKind.COMMENT
    source_url: str = ""


@dataclass(frozen=True)
class SubmittedComment:
    comment: Comment
    decision: Decision


def _check_identity(draft: CommentDraft) -> None:
    is_mention = draft.kind != CommentKind.COMMENT
    if draft.author is None and not (draft.guest_name.strip() and (draft.guest_email.strip() or is_mention)):
        raise CommentInvalid("Guests need a name and an email address to comment.")
    if draft.reply_to is not None and (draft.reply_to.thread_id != draft.thread.pk or not draft.reply_to.is_published):
        raise CommentInvalid("The comment you are replying to is not in this thread.")


def _tree_position(reply_to: Comment | None) -> tuple[Comment | None, int]:
    """The parent a reply hangs from (the deepest allowed level) and its depth."""
    parent = reply_to
    max_depth = max(settings.CONFIG.thread_depth, 1)
    while parent is not None and parent.depth >= max_depth - 1:
        parent = parent.parent
    return parent, (parent.depth + 1 if parent else 0)


def _aimed_context(
    draft: CommentDraft, now: datetime, email_hash: str, ip_hash: str
) -> tuple[ModerationContext, AimedDraft]:
    """The context the pipeline reads for a new comment (with the shields it meets), and whom it is aimed at."""
    writing = Writing(
        thread=draft.thread,
        text=draft.body,
        author=draft.author,
        guest_name=draft.guest_name.strip(),
        email_hash=email_hash,
        ip_hash=ip_hash,
        reply_to=draft.reply_to,
    )
    return writing_context(writing, now=now, thread_closed=is_closed(draft.thread, now))


def draft_context(draft: CommentDraft, *, now: datetime | None = None) -> ModerationContext:
    """What the pipeline would read if ``draft`` were submitted now (history, settings, the shields it meets), for
    asking a phase's question before submitting (the nudge asks whether trust would publish it anyway)."""
    now = now or timezone.now()
    email_hash = "" if draft.author else hash_email(draft.guest_email)
    return _aimed_context(draft, now, email_hash, hash_ip(draft.ip_address))[0]


def _record_decision(
    comment: Comment, decision: Decision, now: datetime, action: str, *, moderator=None
) -> ModerationDecision:
    stored = ModerationDecision.objects.create(
        comment=comment,
        status=decision.status,
        reasons=list(decision.reasons),
        highlights=[highlight.to_dict() for highlight in decision.highlights],
        scores=dict(decision.scores),
        decided_by=decision.decided_by,
        moderator=moderator,
        created_at=now,
    )
    record_event(
        action,
        comment,
        at=now,
        reasons=decision.reasons,
        data={
            "status": decision.status.value,
            "scores": dict(decision.scores),
            "transforms": list(decision.transforms),
        },
    )
    return stored


def _announce(comment: Comment, decision: Decision, stored: ModerationDecision) -> None:
    """Send ``comment_decided`` once the transaction commits, with the stored decision's id (no query for it)."""
    transaction.on_commit(
        lambda: signals.comment_decided.send(Comment, comment=comment, decision=decision, decision_id=stored.pk)
    )


def _apply_status(comment: Comment, status: Status, now: datetime) -> None:
    comment.status = status
    if status == Status.PUBLISHED:
        assign_number(comment)
        comment.published_at = comment.published_at or now


def _decide(context: ModerationContext) -> Decision:
    """Run the pipeline, before any transaction opens: the model's work (and its first load) holds no lock."""
    result = pipeline.run(context)
    if isinstance(result, Refusal):
        raise refusal_error(result.code, result.message, retry_after_seconds=result.retry_after_seconds)
    return result


def submit_comment(draft: CommentDraft, *, now: datetime | None = None) -> SubmittedComment:
    """Moderate and store a new comment. Raises a ``CommentRefused`` subclass if it is not accepted."""
    now = now or timezone.now()
    _check_identity(draft)
    email_hash = "" if draft.author else hash_email(draft.guest_email)
    ip_hash = hash_ip(draft.ip_address)
    context, aimed = _aimed_context(draft, now, email_hash, ip_hash)
    decision = _decide(context)
    text = decision.text or draft.body  # as the transforms left it (sanitised, linkified)
    hostility = hostility_for(text, context) if aimed.targets else ()  # the model's work, before any lock
    with transaction.atomic():
        parent, depth = _tree_position(draft.reply_to)
        comment = Comment(
            thread=draft.thread,
            parent=parent,
            in_reply_to=draft.reply_to,
            depth=depth,
            author=draft.author,
            guest_name="" if draft.author else draft.guest_name.strip(),
            guest_email_hash=email_hash,
            guest_website="" if draft.author else draft.guest_website,
            body=text,
            body_html=render_comment(text),
            ip_hash=ip_hash,
            created_at=now,
            kind=draft.kind,
            source_url=draft.source_url,
        )
        _apply_status(comment, decision.status, now)
        comment.save()
        stored = _record_decision(comment, decision, now, "comment.submitted")
        if any(row.hostile for row in record_aims(comment, aimed, hostility=hostility, text=text)):
            transaction.on_commit(lambda: watch_for_pileons.enqueue(comment.pk))
        _announce(comment, decision, stored)
    return SubmittedComment(comment, decision)


def edit_window_open(comment: Comment, *, member: bool, now: datetime) -> bool:
    window = settings.CONFIG.member_edit_window if member else settings.CONFIG.guest_edit_window
    return now <= comment.created_at + timedelta(seconds=window)


def edit_comment(comment: Comment, body: str, *, editor, browser_owns: bool, now: datetime | None = None):
    """Change a comment's text within the edit window, and moderate it again (an edit can add abuse).

    ``editor`` is the signed-in user (or ``None``); ``browser_owns`` says the browser holds the comment's signed
    edit token (guests). The comment keeps its number; a held result takes it out of view until reviewed.
    """
    now = now or timezone.now()
    is_member_comment = comment.author_id is not None
    owns = (editor is not None and editor.pk == comment.author_id) if is_member_comment else browser_owns
    if not owns:
        raise EditNotAllowed("Only the person who wrote this comment can edit it.")
    if comment.status in (Status.REJECTED, Status.SPAM) or not edit_window_open(
        comment, member=is_member_comment, now=now
    ):
        raise EditNotAllowed("This comment can no longer be edited.")
    return moderate_again(comment, body, now=now)


def moderate_again(comment: Comment, body: str, *, now: datetime, action: str = "comment.edited") -> SubmittedComment:
    """Replace a stored comment's text and run the pipeline on it again, without the edit rules (who, how long):
    for an edit that passed them, and for a mention whose source page changed.

    The pipeline runs before the row is locked, so what happened meanwhile is checked again under the lock
    (``_outcome``): a comment removed in the meantime is not rewritten (``EditNotAllowed``), a hold by the reports
    or by a moderator stays until a moderator decides, and the status change is one the transitions table allows.
    """
    writing = Writing(
        thread=comment.thread,
        text=body,
        author=comment.author,
        guest_name=comment.guest_name,
        email_hash=comment.guest_email_hash,
        reply_to=comment.in_reply_to,
        editing=comment,
    )
    context, aimed = writing_context(writing, now=now, thread_closed=False)
    decision = _decide(context)
    text = decision.text or body
    hostility = hostility_for(text, context) if aimed.targets else ()  # the model's work, before any lock
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        decision, holder = _outcome(comment, decision)
        comment.body, comment.body_html, comment.edited_at = text, render_comment(text), now
        _apply_status(comment, decision.status, now)
        comment.save()
        stored = _record_decision(comment, decision, now, action, moderator=holder)
        if any(row.hostile for row in record_aims(comment, aimed, hostility=hostility, text=text)):
            transaction.on_commit(lambda: watch_for_pileons.enqueue(comment.pk))
        _announce(comment, decision, stored)
    return SubmittedComment(comment, decision)


# Who may hold a comment beyond the pipeline's reach, and what an edit's decision says while their hold stands.
HOLDS_KEPT_ON_EDIT = {
    "reports": "still held: hidden after reports, until a moderator decides",
    "moderator": "still held: a moderator held it, until a moderator decides",
}


def _outcome(locked: Comment, decision: Decision) -> tuple[Decision, object | None]:
    """The pipeline's decision as it applies to the locked comment now, and the moderator whose hold it keeps.

    Refuses (``EditNotAllowed``) a comment removed (rejected or spam) since the edit began, unless it is a mention
    its own source had taken down (a Webmention or Pingback that links here again is moderated afresh). While the
    latest decision is the reports' hiding or a moderator's hold, the comment stays held (a rejection or spam
    verdict still applies) and the hold stays theirs, so a second edit cannot publish it either. Any change of
    status must be one ``moderation.transitions`` allows.
    """
    latest = locked.decisions.order_by("-id").first()  # insertion order: the last one made
    if locked.status in (Status.REJECTED, Status.SPAM) and not _removed_by_its_source(locked, latest):
        raise EditNotAllowed("This comment has been removed by moderation, so it can no longer be edited.")
    holder = None
    kept = latest is not None and locked.status == Status.HELD and latest.decided_by in HOLDS_KEPT_ON_EDIT
    if kept and decision.status in (Status.PUBLISHED, Status.HELD):
        decision = dataclasses.replace(
            decision,
            status=Status.HELD,
            reasons=(HOLDS_KEPT_ON_EDIT[latest.decided_by], *decision.reasons),
            decided_by=latest.decided_by,
        )
        holder = latest.moderator
    if decision.status != locked.status:
        check_transition(locked.status, decision.status)
    return decision, holder


def _removed_by_its_source(comment: Comment, latest: ModerationDecision | None) -> bool:
    """A mention whose latest decision is its own kind's (its source stopped linking), not a moderator's."""
    return comment.kind != CommentKind.COMMENT and latest is not None and latest.decided_by == comment.kind
