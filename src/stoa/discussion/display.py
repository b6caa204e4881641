"""What a reader sees of a thread: the comments in tree order, with held ones shown only to those allowed.

One query for the comments (authors joined), one for a signed-in reader's blocks and mutes, then the tree is
built in memory: a thread page costs the same number of queries whatever its size.

Members' own controls change what a signed-in reader sees: a comment by someone who blocked them is a
``[hidden]`` placeholder (its number kept, so "see #5" stays true); comments by someone they blocked or muted
are collapsed under a line saying so; a dormant member's comments carry no reply link (and, if they chose, no
name). A moderator is never shown the placeholder: blocking someone does not hide a comment from moderation.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from stoa.discussion.comment_list import render_comment_list
from stoa.discussion.edit_tokens import owned_comment_ids
from stoa.discussion.forms import CommentForm
from stoa.discussion.models import Comment, CommentKind, Thread
from stoa.discussion.threads import is_closed, thread_for_post
from stoa.moderation.actions import MODERATE_PERMISSION
from stoa.moderation.decisions import Status
from stoa.people.relations import ViewerRelations, relations_of
from stoa.safety.visibility import hidden_by_shield

DORMANT_NAME = "a dormant member"
SHIELD_NOTE = "[hidden pending review: a shield protects the person it is aimed at]"


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
    hidden: bool = False  # its author blocked the reader, or a shield hides it: only the number is shown
    hidden_note: str = "[hidden]"  # what stands in its place
    collapsed_as: str = ""  # the line a collapsed comment shows ("Reply from someone you blocked"); "": open
    mentioned_on: str = ""  # for a Webmention or Pingback: the linking page's host ("mentioned this on …")

    @classmethod
    def of(
        cls,
        comment: Comment,
        *,
        is_mine: bool,
        can_reply: bool,
        numbers: dict[int, int | None],
        hidden: bool = False,
        hidden_note: str = "[hidden]",
        collapsed_as: str = "",
    ) -> ShownComment:
        author_name, author_url = author_shown(comment, is_mine=is_mine)
        replied_number = numbers.get(comment.in_reply_to_id) if comment.in_reply_to_id else None
        created = timezone.localtime(comment.created_at)
        dormant = comment.author_id is not None and comment.author.is_dormant
        return cls(
            comment=comment,
            is_mine=is_mine,
            can_reply=can_reply and not hidden and not dormant,
            number=str(comment.number or ""),
            anchor=comment.anchor,
            author_name=author_name,
            author_url=author_url,
            created_iso=created.isoformat(),
            created_display=f"{created.day} {created:%b %Y, %H:%M}",
            reply_to_number=str(replied_number or ""),
            edit_url=reverse("discussion:edit", args=[comment.pk]) if is_mine else "",
            hidden=hidden,
            hidden_note=hidden_note,
            collapsed_as=collapsed_as,
            mentioned_on=_mentioned_on(comment),
        )


def _mentioned_on(comment: Comment) -> str:
    if comment.kind == CommentKind.COMMENT or not comment.source_url:
        return ""
    return urlsplit(comment.source_url).hostname or comment.source_url


def hides_author(comment: Comment, *, is_mine: bool) -> bool:
    """Whether the comment is shown under "a dormant member": its author is dormant and chose so (they still see
    their own name). The one rule for every place a comment is shown: the thread page, the comments feed, the API."""
    if not comment.author_id:
        return False
    author = comment.author
    return author.is_dormant and author.show_dormant_comments_as_anonymous and not is_mine


def author_shown(comment: Comment, *, is_mine: bool = False) -> tuple[str, str]:
    """The name and link shown for a comment's author: a dormant member's profile is hidden, and so, if they
    chose, is their name (``hides_author``). ``is_mine``: the reader wrote it (a feed or a stranger: ``False``)."""
    if not comment.author_id:
        return comment.guest_name, comment.guest_website
    if hides_author(comment, is_mine=is_mine):
        return DORMANT_NAME, ""
    author = comment.author
    return author.public_name, "" if author.is_dormant else author.get_absolute_url()


def collapsed_line(comment: Comment, relations: ViewerRelations, *, reader_id: int | None, authors: dict) -> str:
    """Why a comment is collapsed for this reader ("" when it is not): they blocked or muted its author."""
    author_id = comment.author_id
    if author_id in relations.blocked:
        replies_to_reader = reader_id is not None and authors.get(comment.in_reply_to_id) == reader_id
        return "Reply from someone you blocked" if replies_to_reader else "Comment from someone you blocked"
    if author_id in relations.muted:
        return "Comment from someone you muted"
    return ""


def visible_comments(thread: Thread, *, user, owned_ids: set[int], moderator: bool) -> list[Comment]:
    """Published comments, plus held ones for their writer (account or browser) and for moderators."""
    visible = Q(status=Status.PUBLISHED)
    if moderator:
        visible |= Q(status=Status.HELD)
    else:
        mine = Q(pk__in=owned_ids) | (Q(author=user) if user.is_authenticated else Q(pk__in=[]))
        visible |= Q(status=Status.HELD) & mine
    shielded = thread.comments.filter(visible).select_related("author").annotate(hidden_by_shield=hidden_by_shield())
    return list(shielded)


def _hidden_note(comment: Comment, *, moderator: bool, is_mine: bool, blocked_by: frozenset) -> str:
    """Why the reader sees a placeholder instead of the comment ("" when they see it)."""
    if moderator:
        return ""
    if comment.author_id in blocked_by:
        return "[hidden]"
    if getattr(comment, "hidden_by_shield", False) and not is_mine:
        return SHIELD_NOTE
    return ""


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
    moderator = user.is_authenticated and user.has_perm(MODERATE_PERMISSION)
    owned = owned_comment_ids(request)
    comments = tree_order(visible_comments(thread, user=user, owned_ids=owned, moderator=moderator))
    closed = is_closed(thread, timezone.now())
    numbers = {c.pk: c.number for c in comments}
    authors = {c.pk: c.author_id for c in comments}
    relations = relations_of(user)
    reader_id = user.pk if user.is_authenticated else None
    shown = []
    for c in comments:
        is_mine = c.pk in owned or (user.is_authenticated and c.author_id == user.pk)
        note = _hidden_note(c, moderator=moderator, is_mine=is_mine, blocked_by=relations.blocked_by)
        shown.append(
            ShownComment.of(
                c,
                is_mine=is_mine,
                can_reply=not closed and c.is_published,
                numbers=numbers,
                hidden=bool(note),
                hidden_note=note or "[hidden]",
                collapsed_as=collapsed_line(c, relations, reader_id=reader_id, authors=authors),
            )
        )
    return {
        "thread": thread,
        "comments": shown,
        "comment_list_html": render_comment_list(shown),
        "published_count": sum(1 for c in comments if c.is_published),
        "pending_count": sum(1 for c in comments if not c.is_published),
        "comments_closed": closed,
        "form": None if closed else CommentForm(user=user, initial={"reply_to": _reply_to(request)}),
    }
