"""Giving a comment its number: one more than the thread's highest, under the thread's row lock."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from stoa.discussion.models import Comment, Thread


def assign_number(comment: Comment) -> int:
    """Number ``comment`` if it has none yet. Must run inside the transaction that publishes it.

    The UPDATE locks the thread's row until commit, so two publications in one thread never get one number.
    """
    if comment.number is not None:
        return comment.number
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("assign_number must run inside a transaction")
    Thread.objects.filter(pk=comment.thread_id).update(last_number=F("last_number") + 1)
    comment.number = Thread.objects.values_list("last_number", flat=True).get(pk=comment.thread_id)
    return comment.number
