"""Mentions received from other sites (Webmention and Pingback): checked, verified, and shown in the thread.

A mention names a ``source`` (their page) and a ``target`` (our post). The target is checked at once; the source
is fetched (``mention_fetch``: limits and SSRF guard) and must link exactly (fragment aside) to the target or to
the post's own address (``post_addresses``). The mention then goes into the thread as an entry of its ``kind``,
through the moderation pipeline like any guest comment (its author is the source's h-card name, without an
email); one the pipeline rejects is ``refused``. One row per (source, post)
makes a re-sent mention an update of the same entry, however the target is written: changed content goes through
the pipeline again (the edit path); a source that answers 410 or no longer links here has its entry removed
(rejected, with that reason).

A Webmention's verification fetches a stranger's page, so it never runs in the request that recorded it: a queue
backend's worker runs it (``tasks.verify_incoming_mention``), else ``stoa tick`` (``verify_queued``). Each takes
the mention with a conditional UPDATE first (``claim_queued``), so two of them never verify it at once. (A
Pingback is verified in its request: its answer is the outcome.)
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404, resolve

from stoa.blog.models import Post
from stoa.blog.queries import published_post
from stoa.discussion.errors import CommentRefused
from stoa.discussion.mention_fetch import FetchFailed, FetchRefused, Page, fetch
from stoa.discussion.mention_sources import SourceEntry, links_to, same_url, source_entry, split_url
from stoa.discussion.models import Comment, IncomingMention, MentionStatus
from stoa.discussion.services import CommentDraft, moderate_again, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import change_status_on_behalf
from stoa.moderation.decisions import Status

logger = logging.getLogger(__name__)

REASON_LINK_GONE = "the source no longer links here"
REASON_SOURCE_GONE = "the source page is gone (410)"
FALLBACK_TEXT = "Mentioned this post."
MAX_URL_CHARS = 500  # the columns' length: a longer source or target is refused with a 400, not stored
CLAIM = timedelta(minutes=10)  # a verification that takes longer (a crash) lets the next one take the mention
VERIFY_BATCH = 50  # queued mentions verified by one ``stoa tick``; the rest wait for the next
_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
_REMOVED = (Status.REJECTED, Status.SPAM)
_NOT_IN_A_URL = re.compile(r"[\x00-\x20\x7f]")  # control characters and spaces (a NUL would not even store)


class MentionInvalid(Exception):
    """The mention cannot be accepted as sent. ``code``: ``closed`` (mentions are off), ``source`` (not an http(s)
    URL, or the target itself), ``target_unknown`` (not a page of this site), ``target_not_post`` (our page, but
    not a published post)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class SourceProblem(Exception):
    """The source does not back the mention. ``code``: ``refused`` (may not be fetched), ``unreachable``,
    ``gone`` (410), ``error`` (another non-2xx answer), ``no_link``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def our_hosts(request_host: str = "") -> set[str]:
    """The host names (with port) our post URLs may use: the public ``STOA_SITE_URL`` and the request's host."""
    hosts = {urlsplit(settings.CONFIG.site_url).netloc.lower()}
    return hosts | {request_host.lower()} if request_host else hosts


def target_post(target: str, *, hosts: set[str]) -> Post:
    """The published post ``target`` names, or ``MentionInvalid``."""
    if len(target) > MAX_URL_CHARS:
        raise MentionInvalid("target_unknown", f"The target must be at most {MAX_URL_CHARS} characters.")
    parts = None if _NOT_IN_A_URL.search(target) else split_url(target)
    if parts is None or parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        raise MentionInvalid("target_unknown", "The target is not a page of this site.")
    match = _resolved(parts.path or "/")
    if match is None:
        raise MentionInvalid("target_unknown", "The target is not a page of this site.")
    if match.view_name != "blog:post":
        raise MentionInvalid("target_not_post", "The target is not a post, so it takes no mentions.")
    try:
        return published_post(**match.kwargs)
    except Http404 as error:
        raise MentionInvalid("target_unknown", "The target is not a published post of this site.") from error


def _resolved(path: str):
    """The view at ``path``, also without its trailing slash (as the page itself would redirect)."""
    for candidate in dict.fromkeys((path, path if path.endswith("/") else f"{path}/")):
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


def check_source(source: str, target: str) -> None:
    parts = split_url(source) if len(source) <= MAX_URL_CHARS and not _NOT_IN_A_URL.search(source) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise MentionInvalid("source", f"The source must be an http or https URL (at most {MAX_URL_CHARS} characters).")
    if same_url(source, target):
        raise MentionInvalid("source", "The source and the target are the same page.")


def check_mention(source: str, target: str, *, request_host: str) -> Post:
    """The post a mention is for, if mentions are on and both URLs are acceptable; else ``MentionInvalid``."""
    if not settings.CONFIG.receive_mentions:
        raise MentionInvalid("closed", "This site does not accept mentions.")
    if not source or not target:
        raise MentionInvalid("source" if not source else "target_unknown", "Both source and target are required.")
    post = target_post(target, hosts=our_hosts(request_host))
    check_source(source, target)
    return post


def record_mention(source: str, target: str, *, kind: str, request_host: str, now: datetime) -> IncomingMention:
    """Check a received mention and store it as queued for verification (the same row if it was sent before)."""
    post = check_mention(source, target, request_host=request_host)
    return record_checked_mention(post, source, target, kind=kind, now=now)


def record_checked_mention(
    post: Post, source: str, target: str, *, kind: str, now: datetime, claim: bool = False
) -> IncomingMention:
    """Store a mention ``check_mention`` accepted, as queued (``claim``: and claimed, for a verification that
    follows at once). The row is the (source, post) one: a target written another way (``#fragment``, ``?query``,
    the other host) or a source with a fragment is the same mention."""
    claimed_until = now + CLAIM if claim else None
    mention, created = IncomingMention.objects.get_or_create(
        source=source.split("#", 1)[0],
        post=post,
        defaults={
            "kind": kind,
            "target": target,
            "token": secrets.token_urlsafe(16),
            "received_at": now,
            "claimed_until": claimed_until,
        },
    )
    if not created:
        mention.kind, mention.target, mention.status, mention.detail = kind, target, MentionStatus.QUEUED, ""
        mention.received_at, mention.claimed_until = now, claimed_until
        mention.save(update_fields=["kind", "target", "status", "detail", "received_at", "claimed_until"])
    return mention


def claim_queued(mention_id: int, *, now: datetime) -> IncomingMention | None:
    """Take a queued mention for verification (a conditional UPDATE: of two ticks or workers, one wins); ``None``
    if it is not queued, or another verification holds it."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    taken = IncomingMention.objects.filter(free, pk=mention_id, status=MentionStatus.QUEUED).update(
        claimed_until=now + CLAIM
    )
    return IncomingMention.objects.select_related("post", "comment").get(pk=mention_id) if taken else None


def verify_queued(*, now: datetime) -> int:
    """Verify the received mentions still queued (``stoa tick``: with the immediate tasks backend the endpoint
    only records them), at most ``VERIFY_BATCH``, oldest first; returns how many were checked (whatever the
    outcome).

    A mention whose verification fails on our side is marked failed and the next one is verified."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    queued = IncomingMention.objects.filter(free, status=MentionStatus.QUEUED).order_by("received_at", "id")
    verified = 0
    for mention_id in list(queued.values_list("pk", flat=True)[:VERIFY_BATCH]):
        mention = claim_queued(mention_id, now=now)
        if mention is None:
            continue
        verify_claimed(mention, now=now)
        verified += 1
    return verified


def verify_claimed(mention: IncomingMention, *, now: datetime) -> IncomingMention:
    """``verify_mention``, with an error on our side recorded on the mention (logged) instead of raised."""
    try:
        return verify_mention(mention, now=now)
    except Exception:  # noqa: BLE001 - one mention must not stop the others; logged with its traceback
        logger.exception("Verifying mention %s failed.", mention.pk)
        return _settle(
            mention, MentionStatus.FAILED, "The source could not be checked (an error on this site).", now=now
        )


def post_addresses(mention: IncomingMention) -> list[str]:
    """What counts as a link to the mention's post: the target as sent, and the post's own address on this site's
    public host and on the host the target named, over http or https. A target sent again another way
    (``?utm=x``) cannot then have an earlier entry removed for "no longer linking" while the source still links to
    the post."""
    path = mention.post.get_absolute_url()
    hosts = dict.fromkeys((urlsplit(settings.CONFIG.site_url).netloc, urlsplit(mention.target).netloc))
    return [mention.target, *(f"{scheme}://{host}{path}" for host in hosts for scheme in ("https", "http"))]


def linking_page(mention: IncomingMention) -> Page:
    """Fetch the source and check that it links to the post (``post_addresses``); ``SourceProblem`` says why not."""
    source = mention.source
    try:
        page = fetch(source, headers={"Accept": _ACCEPT})
    except FetchRefused as error:
        raise SourceProblem("refused", f"The source may not be fetched: {error}") from error
    except FetchFailed as error:
        raise SourceProblem("unreachable", f"The source could not be fetched: {error}") from error
    if page.status == 410:
        raise SourceProblem("gone", "The source page is gone (410).")
    if not 200 <= page.status < 300:
        raise SourceProblem("error", f"The source answered {page.status}.")
    if not links_to(page, *post_addresses(mention)):
        raise SourceProblem("no_link", "The source does not link to the target.")
    return page


def verify_mention(mention: IncomingMention, *, now: datetime) -> IncomingMention:
    """Fetch the source and bring the thread in line with it: show, update or remove the mention's entry."""
    try:
        page = linking_page(mention)
    except SourceProblem as problem:
        return settle_problem(mention, problem, now=now)
    return show_mention(mention, source_entry(page), now=now)


def settle_problem(mention: IncomingMention, problem: SourceProblem, *, now: datetime) -> IncomingMention:
    """Record why the source does not back the mention; if it is gone or no longer links here, remove its entry.

    A source that cannot be reached now leaves an earlier entry as it was: it may be back tomorrow."""
    removal = {"gone": (MentionStatus.GONE, REASON_SOURCE_GONE), "no_link": (MentionStatus.NO_LINK, REASON_LINK_GONE)}
    if problem.code in removal:
        status, reason = removal[problem.code]
        _remove_entry(mention, reason, now=now)
        return _settle(mention, status, problem.message, now=now)
    return _settle(mention, MentionStatus.FAILED, problem.message, now=now)


def show_mention(mention: IncomingMention, entry: SourceEntry, *, now: datetime) -> IncomingMention:
    """Put the verified mention in the thread, or update its entry if the source changed (both moderated)."""
    text = entry.content or FALLBACK_TEXT
    with transaction.atomic():
        mention = (
            IncomingMention.objects.select_for_update(of=("self",)).select_related("post", "comment").get(pk=mention.pk)
        )
        mention.author_photo = _web_url(entry.author_photo, 500)
        mention.published_on_source = entry.published
        try:
            if mention.comment is None:
                mention.comment = _submit(mention, entry, text, now=now)
            elif _needs_update(mention, text):
                _update(mention.comment, entry, text, now=now)
            elif mention.comment.status in _REMOVED:
                return _settle(
                    mention,
                    MentionStatus.REFUSED,
                    "This mention was removed by moderation; it stays removed.",
                    now=now,
                )
        except CommentRefused as refusal:
            return _settle(mention, MentionStatus.REFUSED, refusal.message, now=now)
        mention.content = text
        if mention.comment.status in _REMOVED:  # the pipeline rejected it (a banned word, spam, ...)
            return _settle(mention, MentionStatus.REFUSED, "Refused by moderation.", now=now)
        shown = mention.comment.status == Status.PUBLISHED
        detail = "Shown in the thread." if shown else "Received; waiting for a moderator."
        return _settle(mention, MentionStatus.VERIFIED, detail, now=now)


def _submit(mention: IncomingMention, entry: SourceEntry, text: str, *, now: datetime) -> Comment:
    draft = CommentDraft(
        thread=thread_for_post(mention.post),
        body=text,
        guest_name=_author_name(entry, mention.source),
        guest_website=_web_url(entry.author_url, 200),
        kind=mention.kind,
        source_url=mention.source,
    )
    return submit_comment(draft, now=now).comment


def _needs_update(mention: IncomingMention, text: str) -> bool:
    """The source says something new, or it links here again after we removed its entry for not linking."""
    if text != mention.content:
        return mention.comment.status not in _REMOVED or _removed_by_source(mention.comment)
    return mention.comment.status in _REMOVED and _removed_by_source(mention.comment)


def _removed_by_source(comment: Comment) -> bool:
    """Whether the entry's latest decision was ours (its source stopped linking), not a moderator's."""
    latest = comment.decisions.values_list("decided_by", flat=True).first()
    return latest == comment.kind


def _update(comment: Comment, entry: SourceEntry, text: str, *, now: datetime) -> None:
    name, website = _author_name(entry, comment.source_url), _web_url(entry.author_url, 200)
    if (name, website) != (comment.guest_name, comment.guest_website):
        Comment.objects.filter(pk=comment.pk).update(guest_name=name, guest_website=website)
    moderate_again(comment, text, now=now, action="mention.updated")
    comment.refresh_from_db()


def _remove_entry(mention: IncomingMention, reason: str, *, now: datetime) -> None:
    comment = mention.comment
    if comment is not None and comment.status not in _REMOVED:
        change_status_on_behalf(
            comment,
            Status.REJECTED,
            actor=None,
            reason=reason,
            action="mention.removed",
            now=now,
            decided_by=comment.kind,
        )


def _settle(mention: IncomingMention, status: MentionStatus, detail: str, *, now: datetime) -> IncomingMention:
    mention.status, mention.detail, mention.claimed_until = status, detail[:300], None
    mention.verified_at = now if status == MentionStatus.VERIFIED else mention.verified_at
    mention.save()
    return mention


def _author_name(entry: SourceEntry, source: str) -> str:
    """The h-card's name, else the source's host: every entry shows someone."""
    return (entry.author_name or urlsplit(source).hostname or "someone")[:80]


def _web_url(url: str, limit: int) -> str:
    return url if url.startswith(("http://", "https://")) and len(url) <= limit else ""
