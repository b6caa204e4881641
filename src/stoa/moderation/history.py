"""The author history panel of the queue: per author, how many comments stand in each status and reports against them.

``author_histories(comments)`` answers for a whole queue page in at most two queries (accounts, then guests by
their hashed email), whatever the page's size; the template looks each item up with ``history_key(comment)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status

HistoryKey = tuple[str, int | str]


@dataclass(frozen=True)
class AuthorHistory:
    """How one author's comments stand: a count per status, and reports readers made against any of them."""

    published: int = 0
    held: int = 0
    rejected: int = 0
    spam: int = 0
    reports: int = 0

    @property
    def total(self) -> int:
        return self.published + self.held + self.rejected + self.spam


def history_key(comment: Comment) -> HistoryKey | None:
    """Who wrote it: an account's id, or a guest's hashed email; ``None`` for a guest without one."""
    if comment.author_id:
        return ("account", comment.author_id)
    if comment.guest_email_hash:
        return ("guest", comment.guest_email_hash)
    return None


def author_histories(comments: Iterable[Comment]) -> dict[HistoryKey, AuthorHistory]:
    """The history of every author of ``comments``, keyed by ``history_key``."""
    keys = {key for key in map(history_key, comments) if key}
    account_ids = [value for kind, value in keys if kind == "account"]
    guest_hashes = [value for kind, value in keys if kind == "guest"]
    histories: dict[HistoryKey, AuthorHistory] = {}
    if account_ids:
        rows = _counts(Comment.objects.filter(author_id__in=account_ids), "author_id")
        histories |= {("account", row.pop("author_id")): AuthorHistory(**row) for row in rows}
    if guest_hashes:
        guests = Comment.objects.filter(author__isnull=True, guest_email_hash__in=guest_hashes)
        histories |= {
            ("guest", row.pop("guest_email_hash")): AuthorHistory(**row) for row in _counts(guests, "guest_email_hash")
        }
    return histories


def _counts(comments, group_by: str) -> list[dict]:
    """One aggregate: distinct comments per status (the reports join would multiply them) and reports in all."""
    per_status = {
        status.value: Count("id", filter=Q(status=status), distinct=True)
        for status in (Status.PUBLISHED, Status.HELD, Status.REJECTED, Status.SPAM)
    }
    return list(comments.values(group_by).annotate(**per_status, reports=Count("reports")).order_by())
