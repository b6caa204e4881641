"""Private removal requests: someone shown or named in a post or comment asks its author, first, for a change.

The request goes to the author privately with a deadline (``STOA_REMOVAL_REQUEST_DEADLINE``); the author edits
it, removes it, or declines with an answer. A declined request, or one unanswered by the deadline, reaches the
moderators, who uphold it (the post is unpublished or the comment removed) or keep it with an answer. People
without an account confirm an email address first (it is stored only as a keyed hash, like guests' emails); the
receipt number is their key to the status page. Every step is in the audit log.

Requests can be flooded, so there are limits (``STOA_REMOVAL_*``): one person (an account, or an email address)
may have only so many open requests about one post or comment and file only so many a day; the form takes only
so many a day from one (hashed) IP address from people without an account, which caps the confirmation emails a
stranger can make us send. And when several different people already have open requests about one post or
comment, new ones go to the moderators instead of the author: a crowd filing requests at one author is itself a
pile-on, and it is noted in the audit log (``removal.flood``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from stoa.blog.models import Post, PostStatus
from stoa.discussion.models import Comment
from stoa.moderation.actions import MODERATE_PERMISSION, change_status_on_behalf
from stoa.moderation.audit import record_event
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent
from stoa.moderation.reports import new_receipt
from stoa.privacy import hash_email, hash_ip
from stoa.safety.models import RemovalRequest
from stoa.safety.tasks import notify_removal_request


def _notify_after_commit(request: RemovalRequest) -> None:
    transaction.on_commit(lambda: notify_removal_request.enqueue(request.pk))


State = RemovalRequest.State
CONFIRM_SALT = "stoa.removal.confirm"
CONFIRM_MAX_AGE = timedelta(days=2)
WITH_MODERATORS = (State.DECLINED, State.ESCALATED)
ANSWERED = (State.EDITED, State.REMOVED, State.DECLINED, State.UPHELD, State.REFUSED)
SENT_OUT_AND_OPEN = (State.WITH_AUTHOR, *WITH_MODERATORS)
"""Requests that reached the author or the moderators and are not decided yet."""
LIMIT_WINDOW = timedelta(hours=24)


class RemovalRefused(ValueError):
    """A request or an answer that cannot be accepted; ``str(error)`` is the sentence shown."""


class RemovalLimitReached(RemovalRefused):
    """A request past a flood limit (per person, per post or comment, per address); the sentence says which."""


def content_author(request: RemovalRequest):
    """The member who answers the request: the post's author, or the comment's (``None`` for a guest)."""
    return request.post.author if request.post_id else request.comment.author


def file_removal_request(
    *,
    subject: Post | Comment,
    requester=None,
    requester_name: str,
    requester_email: str = "",
    ip_address: str = "",
    what: str,
    why: str,
    change_asked: str,
    now: datetime | None = None,
) -> RemovalRequest:
    """Store a request; a member's goes to the author at once, anyone else's waits for their email confirmation.

    Refused (``RemovalRefused``, with the sentence to show) past the flood limits; ``ip_address`` is the address
    the form came from, kept only as a keyed hash and only for people without an account.
    """
    now = now or timezone.now()
    _validate(requester, requester_name, requester_email, what, why, change_asked)
    member = requester is not None and requester.is_authenticated
    email_hash, ip_hash = ("", "") if member else (hash_email(requester_email), hash_ip(ip_address))
    with transaction.atomic():
        _check_limits(subject, _requester_filter(requester if member else None, email_hash), ip_hash, now)
        request = RemovalRequest.objects.create(
            receipt=_unused_receipt(),
            post=subject if isinstance(subject, Post) else None,
            comment=subject if isinstance(subject, Comment) else None,
            requester=requester if member else None,
            requester_name=requester_name.strip()[:120],
            requester_email_hash=email_hash,
            requester_ip_hash=ip_hash,
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


def _subject_filter(subject: Post | Comment) -> Q:
    return Q(post=subject) if isinstance(subject, Post) else Q(comment=subject)


def _requester_filter(member, email_hash: str) -> Q:
    """One requester's requests: a member's by account, anyone else's by their email's keyed hash."""
    if member is not None:
        return Q(requester=member)
    return Q(requester__isnull=True, requester_email_hash=email_hash)


def _open(now: datetime) -> Q:
    """Not decided yet: sent out and waiting, or waiting for a confirmation whose link still works."""
    return Q(state__in=SENT_OUT_AND_OPEN) | Q(state=State.UNCONFIRMED, created_at__gt=now - CONFIRM_MAX_AGE)


def _check_limits(subject: Post | Comment, requester: Q, ip_hash: str, now: datetime) -> None:
    """Refuse a request past a flood limit, with a sentence saying which and what the person can do instead."""
    config = settings.CONFIG
    requests, since = RemovalRequest.objects.all(), now - LIMIT_WINDOW
    what = "post" if isinstance(subject, Post) else "comment"
    per_subject = config.removal_open_per_subject
    if per_subject and requests.filter(requester, _subject_filter(subject), _open(now)).count() >= per_subject:
        raise RemovalLimitReached(
            f"You already have {per_subject} open request{'s' if per_subject != 1 else ''} about this {what}. "
            "Follow it with your receipt number: you can ask again once it has been answered."
        )
    per_day = config.removal_daily_per_requester
    if per_day and requests.filter(requester, created_at__gt=since).count() >= per_day:
        raise RemovalLimitReached(
            f"You have filed {per_day} removal requests in the last 24 hours, as many as we accept from one person. "
            "Please try again tomorrow."
        )
    per_ip = config.removal_daily_per_ip
    if ip_hash and per_ip and requests.filter(requester_ip_hash=ip_hash, created_at__gt=since).count() >= per_ip:
        raise RemovalLimitReached(
            "Too many removal requests came from your network in the last 24 hours. Please try again tomorrow, "
            "or sign in and file it from your account."
        )


def _unused_receipt() -> str:
    while RemovalRequest.objects.filter(receipt=(receipt := new_receipt())).exists():
        pass
    return receipt


def _send_to_author(request: RemovalRequest, now: datetime) -> None:
    """Start the author's turn; a guest comment's author cannot be reached, and an author already facing requests
    from many people is not sent more (a flood), so the moderators take those at once."""
    request.updated_at = now
    if content_author(request) is None:
        _escalate(request, now, "the author is a guest we cannot reach")
        return
    if flood := _flood_against(request):
        request.in_flood = True
        _note_flood(request, flood, now)
        _escalate(request, now, f"part of a flood: {flood} other people already have open requests about it")
        return
    request.state = State.WITH_AUTHOR
    request.deadline = now + timedelta(seconds=settings.CONFIG.removal_request_deadline)
    request.save(update_fields=["state", "deadline", "updated_at"])
    record_event("removal.sent_to_author", request, at=now, data={"deadline": request.deadline.isoformat()})
    _notify_after_commit(request)


def _escalate(request: RemovalRequest, now: datetime, because: str) -> None:
    request.state, request.escalated_because, request.updated_at = State.ESCALATED, because, now
    request.save(update_fields=["state", "escalated_because", "in_flood", "updated_at"])
    record_event("removal.escalated", request, at=now, reasons=[because])
    _notify_after_commit(request)


def _requester_key(request: RemovalRequest) -> str:
    return f"member:{request.requester_id}" if request.requester_id else f"email:{request.requester_email_hash}"


def _flood_against(request: RemovalRequest) -> int:
    """How many *other* people have open requests (sent out) about the same post or comment, if that reaches
    ``STOA_REMOVAL_FLOOD_REQUESTERS``; otherwise 0."""
    limit = settings.CONFIG.removal_flood_requesters
    if not limit:
        return 0
    subject = Q(post_id=request.post_id) if request.post_id else Q(comment_id=request.comment_id)
    others = RemovalRequest.objects.filter(subject, state__in=SENT_OUT_AND_OPEN).exclude(pk=request.pk)
    people = {_requester_key(other) for other in others.only("requester_id", "requester_email_hash")}
    people.discard(_requester_key(request))
    return len(people) if len(people) >= limit else 0


def _note_flood(request: RemovalRequest, people: int, now: datetime) -> None:
    """Record ``removal.flood`` about the post or comment, once a day while the flood lasts: a crowd filing
    requests at one author is a pile-on pattern moderators should see in the log."""
    subject = request.post if request.post_id else request.comment
    recent = AuditEvent.objects.filter(
        action="removal.flood",
        target_type=subject._meta.label_lower,
        target_id=str(subject.pk),
        at__gt=now - LIMIT_WINDOW,
    )
    if recent.exists():
        return
    record_event(
        "removal.flood",
        subject,
        at=now,
        reasons=[f"{people + 1} different people filed removal requests about it; new ones go to the moderators"],
        data={"open_requesters": people + 1, "receipt": request.receipt},
    )


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
            _escalate(request, now, "unanswered by the deadline")
            moved += 1
    return moved


def requests_for_author(member) -> QuerySet[RemovalRequest]:
    """Requests about the member's posts and comments, newest first; not those of a flood still with the
    moderators (sparing the author the flood is why they went there)."""
    mine = RemovalRequest.objects.filter(post__author=member) | RemovalRequest.objects.filter(comment__author=member)
    shown = mine.exclude(state=State.UNCONFIRMED).exclude(in_flood=True, state__in=WITH_MODERATORS)
    return shown.select_related("post", "comment__thread").order_by("-created_at")


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
            _take_down(
                request, by=author, reason="removed by its author after a removal request", now=now, decided_by="author"
            )
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
            _take_down(request, by=moderator, reason="removed after a removal request", now=now, decided_by="moderator")
        request.state = State.UPHELD if uphold else State.REFUSED
        request.moderator_answer, request.updated_at = answer.strip(), now
        request.save(update_fields=["state", "moderator_answer", "updated_at"])
        record_event(f"removal.{request.state}", request, at=now, actor=moderator, reasons=[answer.strip()])
        _notify_after_commit(request)
    return request


def _take_down(request: RemovalRequest, *, by, reason: str, now: datetime, decided_by: str) -> None:
    """Unpublish the post (back to draft) or remove the comment (one already rejected or spam stays as it is);
    ``decided_by``: "author" or "moderator", as the comment's decision records it."""
    if request.post_id:
        Post.objects.filter(pk=request.post_id).update(status=PostStatus.DRAFT)
        record_event("post.unpublished", request.post, at=now, actor=by, reasons=[reason])
    elif request.comment.status not in (Status.REJECTED, Status.SPAM):
        change_status_on_behalf(
            request.comment,
            Status.REJECTED,
            actor=by,
            reason=reason,
            action="comment.removed_on_request",
            now=now,
            decided_by=decided_by,
        )
