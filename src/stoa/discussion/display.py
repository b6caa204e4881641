"""What a reader sees of a thread: the comments in tree order, with held ones shown only to those allowed.

One query for the comments (authors joined), then the tree is built in memory: a thread page costs the same
number of queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from stoa.discussion.edit_tokens import owned_comment_ids
from stoa.discussion.forms import CommentForm
from stoa.discussion.models import Comment, Thread
from stoa.discussion.threads import is_closed, thread_for_post
from stoa.moderation.decisions import Status


@dataclass(frozen=True)
class ShownComment:
    comment: Comment
    is_mine: bool
    can_reply: bool


def visible_comments(thread: Thread, *, user, owned_ids: set[int], moderator: bool) -> list[Comment]:
    """Published comments, plus held ones for their writer (account or browser) and for moderators."""
    visible = Q(status=Status.PUBLISHED)
    if moderator:
        visible |= Q(status=Status.HELD)
    else:
        mine = Q(pk__in=owned_ids) | (Q(author=user) if user.is_authenticated else Q(pk__in=[]))
        visible |= Q(status=Status.HELD) & mine
    return list(thread.comments.filter(visible).select_related("author", "in_reply_to"))


def tree_order(comments: list[Comment]) -> list[Comment]:
    """Depth-first order: each comment followed by its replies, siblings oldest first."""
    children: dict[int | None, list[Comment]] = {}
    present = {comment.pk for comment in comments}
    for comment in comments:
        parent = comment.parent_id if comment.parent_id in present else None
        children.setdefault(parent, []).append(comment)
    ordered: list[Comment] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(reversed(children.get(comment.pk, [])))
    return ordered


def _reply_to(request: HttpRequest) -> int | None:
    raw = request.GET.get("reply_to", "")
    return int(raw) if raw.isdigit() else None


def discussion_for(request: HttpRequest, post) -> dict:
    """Template context for a post's discussion: the comments, the form, and whether it is closed."""
    thread = thread_for_post(post)
    user = request.user
    moderator = user.is_authenticated and user.has_perm("discussion.moderate_comment")
    owned = owned_comment_ids(request)
    comments = tree_order(visible_comments(thread, user=user, owned_ids=owned, moderator=moderator))
    closed = is_closed(thread, timezone.now())
    shown = [
        ShownComment(
            c,
            c.pk in owned or (user.is_authenticated and c.author_id == user.pk),
            can_reply=not closed and c.is_published,
        )
        for c in comments
    ]
    return {
        "thread": thread,
        "comments": shown,
        "published_count": sum(1 for c in comments if c.is_published),
        "comments_closed": closed,
        "form": None if closed else CommentForm(user=user, initial={"reply_to": _reply_to(request)}),
    }
