"""Blog test fixtures: site settings overrides, a category and a tag, and member comments."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone

from stoa.blog.models import Category, Tag
from stoa.discussion.models import Comment
from stoa.discussion.services import CommentDraft, submit_comment
from stoa.discussion.threads import thread_for_post


@pytest.fixture
def stoa_config(settings) -> Callable[..., None]:
    """``stoa_config(posts_per_page=3)``: replace ``STOA_*`` values for one test."""

    def override(**values) -> None:
        assert set(values) <= set(settings.CONFIG.values), "unknown STOA_ setting"
        settings.CONFIG = settings.CONFIG.replace(**values)

    return override


@pytest.fixture
def category(db) -> Category:
    return Category.objects.create(name="Civic Life", slug="civic-life")


@pytest.fixture
def tag(db) -> Tag:
    return Tag.objects.create(name="Town Hall", slug="town-hall")


@pytest.fixture
def add_comment(db) -> Callable[..., Comment]:
    """``add_comment(post, member, "text")``: a member's comment through the real pipeline, spaced in time."""

    start = timezone.now() - dt.timedelta(days=1)
    minutes = itertools.count(1)

    def add(post, member, body: str, reply_to: Comment | None = None) -> Comment:
        now = start + dt.timedelta(minutes=next(minutes))  # a minute apart: clear of the rate limit
        draft = CommentDraft(thread=thread_for_post(post), body=body, author=member, reply_to=reply_to)
        return submit_comment(draft, now=now).comment

    return add
