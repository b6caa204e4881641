"""The comment's path: a validated draft in, a stored comment with its decision out (DESIGN.md, hot path).

``submit_comment`` builds the moderation context, runs the pipeline, and writes the comment, its decision and
an audit event in one transaction; a refusal raises and writes nothing. Side effects (notifications) are sent
only after the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stoa.discussion import signals
from stoa.discussion.errors import CommentInvalid, EditNotAllowed, refusal_error
from stoa.discussion.history import author_history
from stoa.discussion.models import Comment, Thread
from stoa.discussion.numbering import assign_number
from stoa.discussion.threads import is_closed
from stoa.moderation import pipeline
from stoa.moderation.audit import record_event
from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Decision, Refusal, Status
from stoa.moderation.models import ModerationDecision
from stoa.moderation.scoring import prefetch
from stoa.moderation.site_settings import current_scorers, current_settings
from stoa.privacy import hash_email, hash_ip
from stoa.rendering import render_comment


@dataclass(frozen=True)
class CommentDraft:
    """A comment as written, already validated for shape by a form or API schema.

    Either ``author`` (a signed-in member) or ``guest_name`` + ``guest_email`` is set. ``reply_to`` is the
    published comment being answered, if any. ``ip_address`` is hashed before anything stores it.
    """

    thread: Thread
    body: str
    author: object | None = None
    guest_name: str = ""
    guest_email: str = ""
    guest_website: str = ""
    reply_to: Comment | None = None
    ip_address: str = ""


@dataclass(frozen=True)
class SubmittedComment:
    comment: Comment
    decision: Decision


def _check_identity(draft: CommentDraft) -> None:
    if draft.author is None and not (draft.guest_name.strip() and draft.guest_email.strip()):
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


def _scorers(text: str) -> dict:
    """The scorers for this comment, with the text already scored: the model's work (and its first load) happens
    before the transaction opens, so no database lock waits on it."""
    scorers = current_scorers()
    prefetch(scorers["scorer"], text)
    return scorers


def _context(draft: CommentDraft, now: datetime, email_hash: str, ip_hash: str, scorers: dict) -> ModerationContext:
    history = author_history(
        author=draft.author, guest_name=draft.guest_name.strip(), email_hash=email_hash, ip_hash=ip_hash
    )
    return ModerationContext(
        text=draft.body,
        now=now,
        thread_closed=is_closed(draft.thread, now),
        author=history,
        settings=current_settings(draft.thread.post),
        **scorers,
    )


def _record_decision(comment: Comment, decision: Decision, now: datetime, action: str) -> None:
    ModerationDecision.objects.create(
        comment=comment,
        status=decision.status,
        reasons=list(decision.reasons),
        highlights=[highlight.to_dict() for highlight in decision.highlights],
        scores=dict(decision.scores),
        decided_by=decision.decided_by,
        created_at=now,
    )
    record_event(
        action,
        comment,
        at=now,
        reasons=decision.reasons,
        data={"status": decision.status.value, "scores": dict(decision.scores)},
    )


def _apply_status(comment: Comment, status: Status, now: datetime) -> None:
    comment.status = status
    if status == Status.PUBLISHED:
        assign_number(comment)
        comment.published_at = comment.published_at or now


def _decide(context: ModerationContext) -> Decision:
    result = pipeline.run(context)
    if isinstance(result, Refusal):
        raise refusal_error(result.code, result.message)
    return result


def submit_comment(draft: CommentDraft, *, now: datetime | None = None) -> SubmittedComment:
    """Moderate and store a new comment. Raises a ``CommentRefused`` subclass if it is not accepted."""
    now = now or timezone.now()
    _check_identity(draft)
    email_hash = "" if draft.author else hash_email(draft.guest_email)
    ip_hash = hash_ip(draft.ip_address)
    scorers = _scorers(draft.body)
    with transaction.atomic():
        decision = _decide(_context(draft, now, email_hash, ip_hash, scorers))
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
            body=draft.body,
            body_html=render_comment(draft.body),
            ip_hash=ip_hash,
            created_at=now,
        )
        _apply_status(comment, decision.status, now)
        comment.save()
        _record_decision(comment, decision, now, "comment.submitted")
        transaction.on_commit(lambda: signals.comment_decided.send(Comment, comment=comment, decision=decision))
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
    history = author_history(
        author=comment.author,
        guest_name=comment.guest_name,
        email_hash=comment.guest_email_hash,
        ip_hash="",
        exclude_pk=comment.pk,
    )
    context = ModerationContext(
        text=body,
        now=now,
        thread_closed=False,
        author=history,
        settings=current_settings(comment.thread.post),
        **_scorers(body),
    )
    with transaction.atomic():
        decision = _decide(context)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.body, comment.body_html, comment.edited_at = body, render_comment(body), now
        _apply_status(comment, decision.status, now)
        comment.save()
        _record_decision(comment, decision, now, "comment.edited")
        transaction.on_commit(lambda: signals.comment_decided.send(Comment, comment=comment, decision=decision))
    return SubmittedComment(comment, decision)
