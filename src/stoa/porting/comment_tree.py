"""Where imported comments go in their thread's tree, and in what order they are written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings

from stoa.discussion.models import Comment
from stoa.porting.records import CommentRecord, RecordInvalid


def tree_position(reply_to: Comment | None) -> tuple[Comment | None, int]:
    """The parent a reply hangs from (the deepest level ``STOA_THREAD_DEPTH`` allows) and its depth, as
    ``discussion.services`` places a new reply."""
    parent = reply_to
    max_depth = max(settings.CONFIG.thread_depth, 1)
    while parent is not None and parent.depth >= max_depth - 1:
        parent = parent.parent
    return parent, (parent.depth + 1 if parent else 0)


def parents_first(comments: Iterable[CommentRecord]) -> list[CommentRecord]:
    """Oldest first, except that a reply listed before the comment it answers waits for it (sources list them in
    any order, and a reply must find its parent stored)."""
    chronological = sorted(comments, key=lambda comment: (comment.created_at, comment.key))
    keys = {comment.key for comment in chronological}
    waiting: dict[str, list[CommentRecord]] = defaultdict(list)
    ordered: list[CommentRecord] = []
    placed: set[str] = set()
    for comment in chronological:
        if comment.reply_to in keys and comment.reply_to not in placed and comment.reply_to != comment.key:
            waiting[comment.reply_to].append(comment)
            continue
        ready = [comment]
        while ready:
            current = ready.pop(0)
            ordered.append(current)
            placed.add(current.key)
            ready.extend(waiting.pop(current.key, []))
    if waiting:
        stuck = ", ".join(c.key for group in waiting.values() for c in group)
        raise RecordInvalid(f"comments {stuck} reply to each other in a circle")
    return ordered
