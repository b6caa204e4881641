"""The whole site as one JSON document (``stoa export --format json``), written as it is read, never held whole.

Top level: ``format`` ("stoa-export"), ``version`` (1), ``site`` ({name, url}), ``exported_at``, then lists:

- ``authors``: every account that wrote a post or a comment: ``username``, ``email``, ``display_name``.
- ``categories`` (``slug``, ``name``, ``description``) and ``tags`` (``slug``, ``name``).
- ``posts``: ``id``, ``title``, ``slug``, ``url`` (published posts), ``body`` (Markdown), ``excerpt``, ``author``
  (a username), ``guest_author_name`` / ``_url`` / ``_bio``, ``categories`` and ``tags`` (slugs), ``status``,
  ``published_at``, ``comments_closed``, ``score_thresholds``.
- ``threads``: ``key``, ``post`` (an id, or null for a page thread), ``title``, ``closed``.
- ``comments``: ``id``, ``post`` (an id or null), ``thread`` (its key), ``parent`` and ``in_reply_to`` (comment ids
  or null: where it hangs in the tree, and what it answers), ``number``, ``kind``, ``source_url``, ``author`` (a
  username, or null for a guest), ``guest_name``, ``guest_email_hash``, ``guest_website``, ``body`` (Markdown),
  ``body_html`` (as shown), ``status``, ``ip_hash``, ``created_at``, ``published_at``, ``edited_at``.

Dates are ISO 8601 in UTC. Emails of guests and IP addresses exist here only as the site's keyed hashes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, TextIO

from django.conf import settings
from django.db.models import Q

from stoa.blog.models import Category, Post, PostStatus, Tag
from stoa.discussion.models import Comment, Thread
from stoa.people.models import User
from stoa.porting.records import ExportCounts


def write_json(stream: TextIO, *, now: dt.datetime) -> ExportCounts:
    counts = ExportCounts()
    config = settings.CONFIG
    header = {
        "format": "stoa-export",
        "version": 1,
        "site": {"name": config.site_name, "url": config.site_url},
        "exported_at": _iso(now),
    }
    stream.write(json.dumps(header, ensure_ascii=False)[:-1])
    _list(stream, "authors", (_author(user) for user in writers()))
    _list(stream, "categories", (_category(category) for category in Category.objects.order_by("pk")))
    _list(stream, "tags", ({"slug": tag.slug, "name": tag.name} for tag in Tag.objects.order_by("pk")))
    counts.posts = _list(stream, "posts", (_post(post) for post in _posts()))
    _list(stream, "threads", (_thread(thread) for thread in Thread.objects.order_by("pk")))
    counts.comments = _list(stream, "comments", (_comment(comment) for comment in _comments()))
    stream.write("\n}\n")
    return counts


def _list(stream: TextIO, name: str, entries: Iterable[dict[str, Any]]) -> int:
    """Write ``, "name": [ … ]`` one entry a line; returns how many."""
    stream.write(f',\n"{name}": [')
    count = 0
    for count, entry in enumerate(entries, start=1):
        stream.write(("," if count > 1 else "") + "\n" + json.dumps(entry, ensure_ascii=False))
    stream.write("\n]")
    return count


def writers():
    """Every account that wrote a post or a comment: the authors an export names."""
    wrote = Q(posts__isnull=False) | Q(comments__isnull=False)
    return User.objects.filter(wrote).distinct().order_by("pk")


def _posts():
    return Post.objects.select_related("author").prefetch_related("categories", "tags").order_by("pk")


def _comments():
    return (
        Comment.objects.select_related("thread", "author")
        .order_by("thread_id", "created_at", "pk")
        .iterator(chunk_size=500)
    )


def _author(user: User) -> dict[str, Any]:
    return {"username": user.username, "email": user.email, "display_name": user.display_name}


def _category(category: Category) -> dict[str, Any]:
    return {"slug": category.slug, "name": category.name, "description": category.description}


def _post(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "title": post.title,
        "slug": post.slug,
        "url": post.get_absolute_url() if post.status == PostStatus.PUBLISHED else None,
        "body": post.body,
        "excerpt": post.excerpt,
        "author": post.author.username,
        "guest_author_name": post.guest_author_name,
        "guest_author_url": post.guest_author_url,
        "guest_author_bio": post.guest_author_bio,
        "categories": [category.slug for category in post.categories.all()],
        "tags": [tag.slug for tag in post.tags.all()],
        "status": post.status,
        "published_at": _iso(post.published_at),
        "comments_closed": post.comments_closed,
        "score_thresholds": post.score_thresholds,
    }


def _thread(thread: Thread) -> dict[str, Any]:
    return {"key": thread.key, "post": thread.post_id, "title": thread.title, "closed": thread.closed}


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "post": comment.thread.post_id,
        "thread": comment.thread.key,
        "parent": comment.parent_id,
        "in_reply_to": comment.in_reply_to_id,
        "number": comment.number,
        "kind": comment.kind,
        "source_url": comment.source_url,
        "author": comment.author.username if comment.author_id else None,
        "guest_name": comment.guest_name,
        "guest_email_hash": comment.guest_email_hash,
        "guest_website": comment.guest_website,
        "body": comment.body,
        "body_html": comment.body_html,
        "status": comment.status,
        "ip_hash": comment.ip_hash,
        "created_at": _iso(comment.created_at),
        "published_at": _iso(comment.published_at),
        "edited_at": _iso(comment.edited_at),
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None
