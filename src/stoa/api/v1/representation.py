"""How posts, comments and people look to one caller: what the site's pages would show them, as plain data.

The same rules as the thread page (``stoa.discussion.display``): a comment by someone who blocked the caller is
``hidden`` (its number kept, nothing else), a dormant member who chose so is "a dormant member", and nothing
carries an email or a hash.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from stoa.api.v1.auth import Caller
from stoa.blog.models import Post
from stoa.discussion.display import DORMANT_NAME, hides_author
from stoa.discussion.models import Comment, Thread
from stoa.discussion.threads import is_closed
from stoa.people.relations import NO_RELATIONS, ViewerRelations, relations_of


def relations_for(caller: Caller) -> ViewerRelations:
    """The caller's blocks and mutes (one query), or none for a key that acts for no member."""
    return relations_of(caller.member) if caller.member is not None else NO_RELATIONS


def comment_author(comment: Comment, *, is_mine: bool) -> dict:
    """The author as the thread page names them; a dormant member who asked to be anonymous is not named."""
    if not comment.author_id:
        return {"username": None, "display_name": comment.guest_name, "guest": True}
    if hides_author(comment, is_mine=is_mine):
        return {"username": None, "display_name": DORMANT_NAME, "guest": False}
    author = comment.author
    return {"username": author.username, "display_name": author.public_name, "guest": False}


def comment_data(comment: Comment, caller: Caller, relations: ViewerRelations) -> dict:
    """A comment for ``caller`` (``select_related("author", "thread")`` keeps a list at a constant query count)."""
    is_mine = caller.member is not None and comment.author_id == caller.member.pk
    blocked = comment.author_id is not None and comment.author_id in relations.blocked_by
    shielded = getattr(comment, "hidden_by_shield", False) and not is_mine
    hidden = not caller.is_moderator and (blocked or shielded)
    return {
        "id": comment.pk,
        "number": comment.number,
        "thread": comment.thread_id,
        "post": comment.thread.post_id,
        "parent": comment.parent_id,
        "in_reply_to": comment.in_reply_to_id,
        "depth": comment.depth,
        "kind": comment.kind,
        "author": None if hidden else comment_author(comment, is_mine=is_mine),
        "body_html": "" if hidden else comment.body_html,
        "status": comment.status,
        "hidden": hidden,
        "created_at": comment.created_at,
        "published_at": comment.published_at,
        "edited_at": comment.edited_at,
    }


def post_author(post: Post) -> dict:
    if post.is_guest_post:
        return {"username": None, "display_name": post.guest_author_name, "guest": True}
    return {"username": post.author.username, "display_name": post.author.public_name, "guest": False}


def post_data(request: HttpRequest, post: Post, *, with_body: bool = False) -> dict:
    """A post, annotated with ``published_comments`` and its ``thread`` fetched (see ``posts.published_posts``)."""
    thread = getattr(post, "thread", None)
    data = {
        "id": post.pk,
        "title": post.title,
        "slug": post.slug,
        "url": request.build_absolute_uri(post.get_absolute_url()),
        "excerpt": post.excerpt,
        "author": post_author(post),
        "published_at": post.published_at,
        "updated_at": post.updated_at,
        "categories": [category.name for category in post.categories.all()],
        "tags": [tag.name for tag in post.tags.all()],
        "thread": thread.pk if thread else None,
        "comment_count": post.published_comments,
        "comments_closed": is_closed(thread or Thread(post=post), timezone.now()),
    }
    if with_body:
        data["body_html"] = post.body_html
    return data
