"""Private removal requests: someone shown or named in a post or comment asks its author, first, for a change.

The request goes to the author privately with a deadline (``STOA_REMOVAL_REQUEST_DEADLINE``); the author edits
it, removes it, or declines with an answer. A declined request, or one unanswered by the deadline, reaches the
moderators, who uphold it (the post is unpublished or the comment removed) or keep it with an answer. People
without an account confirm an email address first (it is stored only as a keyed hash, like guests' emails); the
receipt number is their key to the status page. Every step is in the audit log.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from stoa.blog.models import Post, PostStatus
from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION, change_status_on_behalf
from stoa.moderation.audit import record_event
from stoa.moderation.decisions import Status
from stoa.moderation.reports import new_receipt
from stoa.privacy import hash_email
from stoa.safety.models import RemovalRequest
from stoa.safety.tasks import notify_removal_request


def _notify_after_commit(request: RemovalRequest) -> None:
    transaction.on_commit(lambda: notify_removal_request.enqueue(request.pk))


State = RemovalRequest.State
CONFIRM_SALT = "stoa.removal.confirm"
CONFIRM_MAX_AGE = timedelta(days=2)
WITH_MODERATORS = (State.DECLINED, State.ESCALATED)
ANSWERED = (State.EDITED, State.REMOVED, State.DECLINED, State.UPHELD, State.REFUSED)


class RemovalRefused(ValueError):
    """A request or an answer that cannot be accepted; ``str(error)`` is the sentence shown."""


def content_author(request: RemovalRequest):
    """The member who answers the request: the post's author, or the comment's (``None`` for a guest)."""
    return request.post.author if request.post_id else request.comment.author


def file_removal_request(
    *,
    subject: Post | Comment,
    requester=None,
    requester_name: str,
    requester_email: str = "",
    what: str,
    why: str,
    change_asked: str,
    now: datetime | None = None,
) -> RemovalRequest:
    """Store a request; a member's goes to the author at once, anyone else's waits for their email confirmation."""
    now = now or timezone.now()
    _validate(requester, requester_name, requester_email, what, why, change_asked)
    member = requester is not None and requester.is_authenticated
    with transaction.atomic():
        request = RemovalRequest.objects.create(
            receipt=_unused_receipt(),
            post=subject if isinstance(subject, Post) else None,
            comment=subject if isinstance(subject, Comment) else None,
            requester=requester if member else None,
            requester_name=requester_name.strip()[:120],
            requester_email_hash="" if member else hash_email(requester_email),
            what=what,
            why=why.strip(),
            change_asked=change_asked.strip(),
            state=State.UNCONFIRMED,
            created_at=now,
            updated_at=now,
        )
        record_event("removal.filed", request, at=now, actor=requester if member else None, data={"what": what})
        if member:
            _send_to_author(request, now)
    return request


def _validate(requester, name: str, email: str, what: str, why: str, change_asked: str) -> None:
    if what not in RemovalRequest.What.values:
        raise RemovalRefused("Choose what the request is about: a photo, your name, personal details or an accusation.")
    if not name.strip():
        raise RemovalRefused("Give your name, so the author knows who asks.")
    if not (requester is not None and requester.is_authenticated) and "@" not in email:
        raise RemovalRefused("Give an email address: we send a link to confirm it before the request goes out.")
    if not why.strip() or not change_asked.strip():
        raise RemovalRefused("Say why, and what change you ask for.")


def _unused_receipt() -> str:
    while RemovalRequest.objects.filter(receipt=(receipt := new_receipt())).exists():
        pass
    return receipt


def _send_to_author(request: RemovalRequest, now: datetime) -> None:
    """Start the author's turn; a guest comment's author cannot be reached, so moderators take it at once."""
    request.updated_at = now
    if content_author(request) is None:
        request.state = State.ESCALATED
        request.save(update_fields=["state", "updated_at"])
        record_event("removal.escalated", request, at=now, reasons=["the author is a guest we cannot reach"])
        _notify_after_commit(request)
        return
    request.state = State.WITH_AUTHOR
    request.deadline = now + timedelta(seconds=settings.CONFIG.removal_request_deadline)
    request.save(update_fields=["state", "deadline", "updated_at"])
    record_event("removal.sent_to_author", request, at=now, data={"deadline": request.deadline.isoformat()})
    _notify_after_commit(request)


def confirmation_token(request: RemovalRequest, email: str) -> str:
    """The signed token mailed to a requester without an account (valid two days)."""
    return signing.dumps({"r": request.receipt, "e": hash_email(email)}, salt=CONFIRM_SALT)


def confirm_email(token: str, *, now: datetime | None = None) -> RemovalRequest:
    """Confirm a requester's address from the mailed link and send the request to the author."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as error:
        raise RemovalRefused("This confirmation link is not valid or has expired: file the request again.") from error
    with transaction.atomic():
        request = RemovalRequest.objects.select_for_update().filter(receipt=data.get("r")).first()
        if request is None or request.requester_email_hash != data.get("e"):
            raise RemovalRefused("This confirmation link does not match a request.")
        if request.state == State.UNCONFIRMED:
            record_event("removal.email_confirmed", request, at=now)
            _send_to_author(request, now)
    return request


def escalate_overdue(now: datetime | None = None) -> int:
    """Move every request the author left unanswered past its deadline to the moderators; returns how many."""
    now = now or timezone.now()
    moved = 0
    with transaction.atomic():
        for request in RemovalRequest.objects.select_for_update().filter(state=State.WITH_AUTHOR, deadline__lt=now):
            request.state, request.updated_at = State.ESCALATED, now
            request.save(update_fields=["state", "updated_at"])
            record_event("removal.escalated", request, at=now, reasons=["unanswered by the deadline"])
            _notify_after_commit(request)
            moved += 1
    return moved


def requests_for_author(member) -> QuerySet[RemovalRequest]:
    """Requests about the member's posts and comments, newest first."""
    mine = RemovalRequest.objects.filter(post__author=member) | RemovalRequest.objects.filter(comment__author=member)
    return mine.exclude(state=State.UNCONFIRMED).select_related("post", "comment__thread").order_by("-created_at")


def requests_for_moderators() -> QuerySet[RemovalRequest]:
    """Requests declined by their author or left unanswered, oldest first."""
    return (
        RemovalRequest.objects.filter(state__in=WITH_MODERATORS)
        .select_related("post", "comment__thread")
        .order_by("updated_at")
    )


def answer_as_author(request: RemovalRequest, *, author, action: str, answer: str, now: datetime | None = None):
    """The author edits (having changed it), removes, or declines (with an answer, then moderators decide)."""
    now = now or timezone.now()
    if content_author(request) is None or content_author(request).pk != author.pk:
        raise PermissionDenied("Only the author of the post or comment can answer this request.")
    targets = {"edit": State.EDITED, "remove": State.REMOVED, "decline": State.DECLINED}
    if action not in targets:
        raise RemovalRefused("Choose: I edited it, remove it, or decline.")
    if action == "decline" and not answer.strip():
        raise RemovalRefused("Say why you decline: the requester and, then, the moderators read it.")
    with transaction.atomic():
        request = RemovalRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != State.WITH_AUTHOR:
            raise RemovalRefused("This request is no longer waiting for your answer.")
        if action == "remove":
            _take_down(request, by=author, reason="removed by its author after a removal request", now=now)
        request.state, request.author_answer, request.updated_at = targets[action], answer.strip(), now
        request.save(update_fields=["state", "author_answer", "updated_at"])
        record_event(f"removal.author_{action}", request, at=now, actor=author, reasons=[answer.strip()][:1])
        _notify_after_commit(request)
    return request


def decide_as_moderator(request: RemovalRequest, *, moderator, uphold: bool, answer: str, now: datetime | None = None):
    """Moderators uphold (take the content down) or refuse (keep it) a request that reached them, with an answer."""
    now = now or timezone.now()
    if not moderator.has_perm(MODERATE_PERMISSION):
        raise PermissionDenied("Only moderators can decide removal requests.")
    if not answer.strip():
        raise RemovalRefused("Write an answer: the requester reads it.")
    with transaction.atomic():
        request = RemovalRequest.objects.select_for_update().get(pk=request.pk)
        if request.state not in WITH_MODERATORS:
            raise RemovalRefused("This request is not with the moderators.")
        if uphold:
            _take_down(request, by=moderator, reason="removed after a removal request", now=now)
        request.state = State.UPHELD if uphold else State.REFUSED
        request.moderator_answer, request.updated_at = answer.strip(), now
        request.save(update_fields=["state", "moderator_answer", "updated_at"])
        record_event(f"removal.{request.state}", request, at=now, actor=moderator, reasons=[answer.strip()])
        _notify_after_commit(request)
    return request


def _take_down(request: RemovalRequest, *, by, reason: str, now: datetime) -> None:
    """Unpublish the post (back to draft) or remove the comment."""
    if request.post_id:
        Post.objects.filter(pk=request.post_id).update(status=PostStatus.DRAFT)
        record_event("post.unpublished", request.post, at=now, actor=by, reasons=[reason])
    elif request.comment.status != Status.REJECTED:
        change_status_on_behalf(
            request.comment, Status.REJECTED, actor=by, reason=reason, action="comment.removed_on_request", now=now
        )
