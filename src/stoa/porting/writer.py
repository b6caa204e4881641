"""Storing an ``ImportFeed``: posts, threads and comments created once, one post with its comments per transaction.

Every object brought in is remembered in ``ImportedObject`` under the feed's source, so running the same import
again finds everything and changes nothing, and an import stopped half way (a crash, a bad record, Ctrl-C) is
finished by running it again: each post and its comments are written in one transaction, so there is never half a
post. Comments are scored in batches before their transactions open; their scores are recorded with an "imported"
decision, or, with ``moderate``, each comment goes through the moderation pipeline as of its original date.
One audit event per run records what it did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from stoa.blog.models import Post, PostStatus
from stoa.discussion.models import Comment, CommentKind, Thread
from stoa.discussion.threads import thread_for_post
from stoa.moderation.decisions import Refusal, Status
from stoa.moderation.models import ModerationDecision
from stoa.porting.authors import account_for
from stoa.porting.batch_scoring import BATCH_SIZE, BatchScores, figures, highlights, score_batch
from stoa.porting.comment_tree import parents_first, tree_position
from stoa.porting.mapping import mapped_id, mapped_ids, mapping_record, remember
from stoa.porting.models import ImportedObject
from stoa.porting.moderated import pipeline_decision
from stoa.porting.pages import thread_for_imported_page
from stoa.porting.records import AuthorRecord, CommentRecord, ImportFeed, PostRecord, ThreadRecord
from stoa.porting.summary import ImportSummary
from stoa.porting.terms import categories_for, clean_slug, tags_for
from stoa.porting.thread_numbers import ThreadNumbers
from stoa.privacy import hash_email, hash_ip
from stoa.rendering import render_comment

_STATUS_WORDS = {Status.PUBLISHED: "approved", Status.HELD: "pending", Status.SPAM: "spam", Status.REJECTED: "deleted"}


@dataclass
class _Run:
    """What every step of one run needs: the feed, the clock, the options and the tally."""

    feed: ImportFeed
    now: datetime
    moderate: bool
    summary: ImportSummary
    authors: dict[str, AuthorRecord]

    @property
    def source(self) -> str:
        return self.feed.source


def import_feed(
    feed: ImportFeed,
    *,
    moderate: bool = False,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    on_thread_done: Callable[[], None] | None = None,
) -> ImportSummary:
    """Store everything in ``feed`` that is not stored yet; returns the counts (also written to the audit log).

    An error in the file (``ImportFileInvalid``, ``RecordInvalid``) stops the run after the posts before it were
    stored; the audit event says the run did not finish, and running it again after a fix carries on.
    """
    run = _Run(feed, now or timezone.now(), moderate, ImportSummary(feed.label, feed.source), {})
    complete = False
    try:
        _store_authors(run)
        for group in _groups(feed.threads, batch_size):
            batch = _score(run, group, batch_size)
            for record in group:
                with transaction.atomic():
                    _store_thread(run, record, batch)
                if on_thread_done is not None:
                    on_thread_done()
        complete = True
    finally:
        run.summary.skipped = dict(feed.skipped)
        run.summary.audit(at=run.now, moderate=moderate, complete=complete)
    return run.summary


def _store_authors(run: _Run) -> None:
    for record in run.feed.authors:
        run.authors[record.key] = record
        with transaction.atomic():
            _, created = account_for(run.source, record, now=run.now)
        run.summary.counts["authors.created" if created else "authors.matched"] += 1


def _groups(threads: Iterator[ThreadRecord], comments_per_group: int) -> Iterator[list[ThreadRecord]]:
    """Threads gathered until they hold ``comments_per_group`` comments, so scoring works on big batches. If
    reading the file fails, the threads read before it are still handed out (and stored) before the error."""
    group: list[ThreadRecord] = []
    held = 0
    try:
        for record in threads:
            group.append(record)
            held += len(record.comments)
            if held >= comments_per_group:
                yield group
                group, held = [], 0
    except Exception:
        if group:
            yield group
        raise
    if group:
        yield group


def _score(run: _Run, group: list[ThreadRecord], batch_size: int) -> BatchScores:
    """Scores for the comments of ``group`` not imported yet, computed outside any transaction."""
    keys = [comment.key for record in group for comment in record.comments]
    known = set(mapped_ids(run.source, "comment", keys)) if keys else set()
    texts = [c.body for record in group for c in record.comments if c.key not in known]
    if not texts:
        return BatchScores()
    batch = score_batch(texts, batch_size=batch_size)
    run.summary.unscored = run.summary.unscored or batch.unavailable
    return batch


def _store_thread(run: _Run, record: ThreadRecord, batch: BatchScores) -> None:
    thread = _thread(run, record)
    if thread is None:
        return
    keys = [comment.key for comment in record.comments]
    known = mapped_ids(run.source, "comment", keys) if keys else {}
    written = Comment.objects.in_bulk(known.values()) if known else {}
    stored = {key: written[pk] for key, pk in known.items() if pk in written}
    counts = run.summary.counts
    counts["comments.existing"] += len(stored)
    counts["comments.deleted_here"] += len(known) - len(stored)
    new = [comment for comment in parents_first(record.comments) if comment.key not in known]
    if not new:
        return
    numbers = ThreadNumbers(thread)
    decisions, mappings = [], []
    for comment in new:
        reply_to = stored.get(comment.reply_to or "")
        stored[comment.key], decision = _store_comment(run, thread, comment, reply_to, batch, numbers)
        decisions.append(decision)
        mappings.append(mapping_record(run.source, "comment", comment.key, stored[comment.key], now=run.now))
    numbers.store()
    ModerationDecision.objects.bulk_create(decisions)
    ImportedObject.objects.bulk_create(mappings)


def _thread(run: _Run, record: ThreadRecord) -> Thread | None:
    """The thread the record's comments go in; ``None`` when there is nothing to put in one, or for a post deleted
    here since an earlier import."""
    if record.post is None:
        if not record.comments:
            return None
        return thread_for_imported_page(record.url or record.key, record.title, closed=record.closed)
    known = mapped_id(run.source, "post", record.post.key)
    if known is not None:
        post = Post.objects.filter(pk=known).first()
        run.summary.counts["posts.existing" if post else "posts.deleted_here"] += 1
        return thread_for_post(post) if post and record.comments else None
    post = _store_post(run, record.post)
    if not (record.comments or record.closed):
        return None  # a thread is made on first use, as the site itself does
    thread = thread_for_post(post)
    if record.closed and not thread.closed:
        thread.closed = True
        thread.save(update_fields=["closed"])
    return thread


def _store_post(run: _Run, record: PostRecord) -> Post:
    author = _account(run, record.author)
    published = record.status == PostStatus.PUBLISHED
    post = Post(
        title=record.title[:200] or "(untitled)",
        slug=clean_slug(record.slug or record.title, fallback=record.key, max_length=200),
        body=record.body,
        excerpt=record.excerpt,
        author=author,
        guest_author_name=record.guest_author_name[:120],
        guest_author_url=_valid_url(record.guest_author_url, 200),
        guest_author_bio=record.guest_author_bio,
        status=PostStatus.PUBLISHED if published else PostStatus.DRAFT,
        published_at=record.published_at,
        comments_closed=record.comments_closed,
        score_thresholds=dict(record.score_thresholds),
    )
    post.save()
    post.categories.set(categories_for(record.categories))
    post.tags.set(tags_for(record.tags))
    remember(run.source, "post", record.key, post, now=run.now)
    run.summary.counts["posts.created"] += 1
    return post


def _account(run: _Run, key: str):
    record = run.authors.get(key) or AuthorRecord(key=key, username=key)
    user, created = account_for(run.source, record, now=run.now)
    if created:
        run.summary.counts["authors.created"] += 1
    return user


@dataclass(frozen=True)
class _Writer:
    """Who wrote a comment, as stored: a member, or a guest's name with hashed email; the hashed IP either way."""

    author: object | None
    guest_name: str
    email_hash: str
    ip_hash: str


def _writer(run: _Run, record: CommentRecord) -> _Writer:
    author = _account(run, record.author) if record.author else None
    if author is not None:
        return _Writer(author, "", "", record.ip_hash or hash_ip(record.ip_address))
    return _Writer(
        None,
        record.guest_name.strip()[:80] or "Anonymous",
        record.guest_email_hash or hash_email(record.guest_email),
        record.ip_hash or hash_ip(record.ip_address),
    )


def _store_comment(
    run: _Run,
    thread: Thread,
    record: CommentRecord,
    reply_to: Comment | None,
    batch: BatchScores,
    numbers: ThreadNumbers,
) -> tuple[Comment, ModerationDecision]:
    """Write one comment; its decision is returned unsaved, for the thread's ``bulk_create``."""
    writer = _writer(run, record)
    parent, depth = tree_position(reply_to)
    body, decision = _decide(run, thread, record, writer, reply_to, batch)
    comment = Comment(
        thread=thread,
        kind=record.kind if record.kind in CommentKind.values else CommentKind.COMMENT,
        source_url=_valid_url(record.source_url, 500),
        parent=parent,
        in_reply_to=reply_to,
        depth=depth,
        author=writer.author,
        guest_name=writer.guest_name,
        guest_email_hash=writer.email_hash,
        guest_website="" if writer.author else _valid_url(record.guest_website, 200),
        body=body,
        body_html=render_comment(body),
        status=decision.status,
        ip_hash=writer.ip_hash,
        created_at=record.created_at,
        published_at=record.published_at,
        edited_at=record.edited_at,
    )
    numbers.give(comment, record.number)
    if comment.status == Status.PUBLISHED and comment.published_at is None:
        comment.published_at = comment.created_at
    comment.save()
    decision.comment = comment
    _count(run.summary.counts, comment, scored=record.body in batch.by_text)
    return comment, decision


def _decide(
    run: _Run, thread: Thread, record: CommentRecord, writer: _Writer, reply_to: Comment | None, batch: BatchScores
) -> tuple[str, ModerationDecision]:
    """The text to store and the unsaved decision: the source's verdict, or with ``--moderate`` the pipeline's
    (a comment the source removed as spam or deleted stays removed)."""
    scores = batch.by_text.get(record.body)
    if not run.moderate or record.status not in (Status.PUBLISHED, Status.HELD):
        word = record.status_word or _STATUS_WORDS[record.status]
        return record.body, _imported(run, record.status, f"imported: {word} in {run.feed.label}", scores)
    result = pipeline_decision(
        thread=thread,
        body=record.body,
        author=writer.author,
        guest_name=writer.guest_name,
        email_hash=writer.email_hash,
        ip_hash=writer.ip_hash,
        reply_to=reply_to,
        written_at=record.created_at,
        batch=batch,
    )
    if isinstance(result, Refusal):
        refused = _imported(run, Status.REJECTED, f"refused on import ({result.code}): {result.message}", scores)
        refused.decided_by = result.phase
        return record.body, refused
    decision = ModerationDecision(
        status=result.status,
        reasons=list(result.reasons),
        scores=dict(result.scores),
        highlights=[highlight.to_dict() for highlight in result.highlights],
        decided_by=result.decided_by,
        created_at=run.now,
    )
    return result.text or record.body, decision


def _imported(run: _Run, status: Status, reason: str, scores) -> ModerationDecision:
    """The decision that records the source's verdict, with the model's scores and the spans behind them."""
    return ModerationDecision(
        status=status,
        reasons=[reason],
        scores=figures(scores),
        highlights=highlights(scores),
        decided_by="import",
        created_at=run.now,
    )


def _count(counts: Counter, comment: Comment, *, scored: bool) -> None:
    counts["comments.created"] += 1
    counts[f"comments.{comment.status}"] += 1
    counts["comments.scored"] += int(scored)
    if comment.kind != CommentKind.COMMENT:
        counts[comment.kind] += 1


def _valid_url(url: str, max_length: int) -> str:
    url = url.strip()
    if not url or len(url) > max_length:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url
