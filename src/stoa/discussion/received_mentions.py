"""Mentions received from other sites (Webmention and Pingback): checked, verified, and shown in the thread.

A mention names a ``source`` (their page) and a ``target`` (our post). The target is checked at once; the source
is fetched (``mention_fetch``: limits and SSRF guard) and must link to the target exactly. The mention then goes
into the thread as an entry of its ``kind``, through the moderation pipeline like any guest comment (its author is
the source's h-card name, without an email). One row per (source, target) makes a re-sent mention an update of the
same entry: changed content goes through the pipeline again (the edit path); a source that answers 410 or no
longer links here has its entry removed (rejected, with that reason).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.urls import Resolver404, resolve

from stoa.blog.models import Post
from stoa.blog.queries import published_post
from stoa.discussion.errors import CommentRefused
from stoa.discussion.mention_fetch import FetchFailed, FetchRefused, Page, fetch
from stoa.discussion.mention_sources import SourceEntry, links_to, same_url, source_entry
from stoa.discussion.models import Comment, IncomingMention, MentionStatus
from stoa.discussion.services import CommentDraft, moderate_again, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import change_status_on_behalf
from stoa.moderation.decisions import Status

REASON_LINK_GONE = "the source no longer links here"
REASON_SOURCE_GONE = "the source page is gone (410)"
FALLBACK_TEXT = "Mentioned this post."
_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
_REMOVED = (Status.REJECTED, Status.SPAM)


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
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
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
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(source) > 500:
        raise MentionInvalid("source", "The source must be an http or https URL (at most 500 characters).")
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
    mention, created = IncomingMention.objects.get_or_create(
        source=source,
        target=target,
        defaults={"kind": kind, "post": post, "token": secrets.token_urlsafe(16), "received_at": now},
    )
    if not created:
        mention.kind, mention.status, mention.detail, mention.received_at = kind, MentionStatus.QUEUED, "", now
        mention.save(update_fields=["kind", "status", "detail", "received_at"])
    return mention


def linking_page(source: str, target: str) -> Page:
    """Fetch the source and check that it links to the target; ``SourceProblem`` says why not."""
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
    if not links_to(page, target):
        raise SourceProblem("no_link", "The source does not link to the target.")
    return page


def verify_mention(mention: IncomingMention, *, now: datetime) -> IncomingMention:
    """Fetch the source and bring the thread in line with it: show, update or remove the mention's entry."""
    try:
        page = linking_page(mention.source, mention.target)
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
                    MentionStatus.VERIFIED,
                    "This mention was removed by moderation; it stays removed.",
                    now=now,
                )
        except CommentRefused as refusal:
            return _settle(mention, MentionStatus.REFUSED, refusal.message, now=now)
        mention.content = text
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
    mention.status, mention.detail = status, detail[:300]
    mention.verified_at = now if status == MentionStatus.VERIFIED else mention.verified_at
    mention.save()
    return mention


def _author_name(entry: SourceEntry, source: str) -> str:
    """The h-card's name, else the source's host: every entry shows someone."""
    return (entry.author_name or urlsplit(source).hostname or "someone")[:80]


def _web_url(url: str, limit: int) -> str:
    return url if url.startswith(("http://", "https://")) and len(url) <= limit else ""
