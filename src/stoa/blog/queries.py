"""Reading posts: the published ones, with what their listings show, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from stoa.blog.models import Post


def listed_posts() -> QuerySet[Post]:
    """Published posts with author, categories and tags fetched up front (no query per post)."""
    return Post.objects.published().select_related("author").prefetch_related("categories", "tags")


def published_post(year: int, month: int, day: int, slug: str) -> Post:
    """The post at a dated permalink, or 404 (drafts and future posts are not found)."""
    try:
        date = dt.date(year, month, day)
    except ValueError as error:
        raise Http404("No such date.") from error
    post = listed_posts().filter(slug=slug, published_at__date=date).first()
    if post is None:
        raise Http404("No post at this address.")
    return post
