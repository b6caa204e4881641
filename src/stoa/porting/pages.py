"""Which thread a comments-only source's page becomes: the post at that address if there is one, else a thread of
its own keyed by the address (Isso and Disqus know pages by URL, not by post)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from stoa.blog.models import Post
from stoa.discussion.models import Thread
from stoa.discussion.threads import thread_for_post

_KEY_LENGTH = Thread._meta.get_field("key").max_length


def thread_for_page(url: str, title: str = "", *, closed: bool = False) -> Thread:
    """The thread for the page at ``url``; a new page thread takes ``title`` and ``closed`` from the source."""
    post = post_at(url)
    if post is not None:
        return thread_for_post(post)
    thread, _ = Thread.objects.get_or_create(key=url[:_KEY_LENGTH], defaults={"title": title[:200], "closed": closed})
    return thread


def post_at(url: str) -> Post | None:
    """The post whose permalink is ``url``'s path, or else the only post with the path's last part as its slug
    (an old blog's /2024/01/02/hello/ finds the imported post "hello" whatever its dates)."""
    path = urlsplit(url).path or "/"
    try:
        match = resolve(path if path.endswith("/") else path + "/")
    except Resolver404:
        match = None
    if match is not None and match.view_name == "blog:post":
        year, month, day, slug = (match.kwargs[name] for name in ("year", "month", "day", "slug"))
        try:
            day_of = dt.date(year, month, day)
        except ValueError:
            day_of = None
        found = Post.objects.filter(slug=slug, published_at__date=day_of).first() if day_of else None
        if found is not None:
            return found
    slug = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    candidates = list(Post.objects.filter(slug=slug)[:2]) if slug else []
    return candidates[0] if len(candidates) == 1 else None
