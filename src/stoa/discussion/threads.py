"""Threads: found or created on first use, and whether they still take comments."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from stoa.discussion.models import Thread


def thread_for_post(post) -> Thread:
    """The post's thread, created on first use; the unique key makes concurrent creation safe."""
    thread, _ = Thread.objects.get_or_create(key=f"post:{post.pk}", defaults={"post": post, "title": post.title})
    return thread


def is_closed(thread: Thread, now: datetime) -> bool:
    """Closed by a moderator, by the post's own switch, or automatically after ``STOA_CLOSE_COMMENTS_AFTER``."""
    if thread.closed:
        return True
    post = thread.post
    if post is None:
        return False
    if post.comments_closed:
        return True
    close_after = settings.CONFIG.close_comments_after
    return bool(close_after and post.published_at and now >= post.published_at + timedelta(seconds=close_after))
