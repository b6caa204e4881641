"""Reader-facing blog pages: the index, the archives and a post with its discussion."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from stoa.blog.models import Category, Tag
from stoa.blog.queries import listed_posts, published_post
from stoa.discussion.display import discussion_for


def _listing(request: HttpRequest, posts: QuerySet, heading: str, **extra) -> HttpResponse:
    page = Paginator(posts, settings.CONFIG.posts_per_page or 10).get_page(request.GET.get("page"))
    return render(request, "blog/post_list.html", {"page": page, "heading": heading, **extra})


def index(request: HttpRequest) -> HttpResponse:
    return _listing(request, listed_posts(), "")


def category_archive(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    return _listing(
        request, listed_posts().filter(categories=category), f"Category: {category.name}", category=category
    )


def tag_archive(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(request, listed_posts().filter(tags=tag), f"Tagged: {tag.name}")


def author_archive(request: HttpRequest, username: str) -> HttpResponse:
    author = get_object_or_404(get_user_model(), username=username)
    posts = listed_posts().filter(author=author, guest_author_name="")
    return _listing(request, posts, f"Posts by {author.public_name}", author=author)


def month_archive(request: HttpRequest, year: int, month: int) -> HttpResponse:
    try:
        first_day = dt.date(year, month, 1)
    except ValueError as error:  # month 00 or 13, year 0000
        raise Http404("No such month.") from error
    posts = listed_posts().filter(published_at__year=year, published_at__month=month)
    return _listing(request, posts, f"Archive: {first_day:%B %Y}")


def post_detail(request: HttpRequest, year: int, month: int, day: int, slug: str) -> HttpResponse:
    post = published_post(year, month, day, slug)
    return render(request, "blog/post_detail.html", {"post": post, **discussion_for(request, post)})
