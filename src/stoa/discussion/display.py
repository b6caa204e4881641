"""What a reader sees of a thread: the comments in tree order, with held ones shown only to those allowed.

One query for the comments (authors joined), then the tree is built in memory: a thread page costs the same
number of queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from stoa.discussion.comment_list import render_comment_list
from stoa.discussion.edit_tokens import owned_comment_ids
from stoa.discussion.forms import CommentForm
from stoa.discussion.models import Comment, Thread
from stoa.discussion.threads import is_closed, thread_for_post
from stoa.moderation.decisions import Status


@dataclass(frozen=True)
class ShownComment:
    """A comment as the thread shows it, with its display strings worked out once in Python.

    Django's template engine costs about a millisecond per comment when it resolves chains like
    ``comment.author.get_absolute_url``; plain attributes keep a 200-comment page cheap.
    """

    comment: Comment
    is_mine: bool
    can_reply: bool
    number: str
    anchor: str
    author_name: str
    author_url: str
    created_iso: str
    created_display: str
    reply_to_number: str
    edit_url: str

    @classmethod
    def of(cls, comment: Comment, *, is_mine: bool, can_reply: bool, numbers: dict[int, int | None]) -> ShownComment:
        author_url = comment.author.get_absolute_url() if comment.author_id else comment.guest_website
        replied_number = numbers.get(comment.in_reply_to_id) if comment.in_reply_to_id else None
        created = timezone.localtime(comment.created_at)
        return cls(
            comment=comment,
            is_mine=is_mine,
            can_reply=can_reply,
            number=str(comment.number or ""),
            anchor=comment.anchor,
            author_name=comment.author_name,
            author_url=author_url,
            created_iso=created.isoformat(),
            created_display=f"{created.day} {created:%b %Y, %H:%M}",
            reply_to_number=str(replied_number or ""),
            edit_url=reverse("discussion:edit", args=[comment.pk]) if is_mine else "",
        )


def visible_comments(thread: Thread, *, user, owned_ids: set[int], moderator: bool) -> list[Comment]:
    """Published comments, plus held ones for their writer (account or browser) and for moderators."""
    visible = Q(status=Status.PUBLISHED)
    if moderator:
        visible |= Q(status=Status.HELD)
    else:
        mine = Q(pk__in=owned_ids) | (Q(author=user) if user.is_authenticated else Q(pk__in=[]))
        visible |= Q(status=Status.HELD) & mine
    return list(thread.comments.filter(visible).select_related("author"))


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
    numbers = {c.pk: c.number for c in comments}
    shown = [
        ShownComment.of(
            c,
            is_mine=c.pk in owned or (user.is_authenticated and c.author_id == user.pk),
            can_reply=not closed and c.is_published,
            numbers=numbers,
        )
        for c in comments
    ]
    return {
        "thread": thread,
        "comments": shown,
        "comment_list_html": render_comment_list(shown),
        "published_count": sum(1 for c in comments if c.is_published),
        "pending_count": sum(1 for c in comments if not c.is_published),
        "comments_closed": closed,
        "form": None if closed else CommentForm(user=user, initial={"reply_to": _reply_to(request)}),
    }
