"""Shared test fixtures: small factories that make exactly what a test needs, in a fresh database per test."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.utils import timezone

from stoa.blog.models import Post, PostStatus
from stoa.discussion.services import CommentDraft, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.people.models import User
from stoa.people.roles import Role
from stoa.people.services import assign_role
from stoa.safety.register import reset_register_cache

PASSWORD = "correct-horse-battery-staple"
_serial = itertools.count(1)
_ip = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """PBKDF2's deliberate slowness is for attackers, not for the test suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_register_of_people() -> None:
    """The register of people is cached per process; each test's database starts without the last one's people."""
    reset_register_cache()


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    """``make_user("ann", role=Role.MODERATOR)``: an account with that role and the password ``PASSWORD``."""

    def make(username: str | None = None, *, role: Role = Role.MEMBER, **fields) -> User:
        username = username or f"user{next(_serial)}"
        user = User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD, **fields)
        assign_role(user, role)
        return User.objects.get(pk=user.pk)  # fresh instance: no stale permission cache

    return make


@pytest.fixture
def author(make_user) -> User:
    return make_user("writer", role=Role.AUTHOR, display_name="Wendy Writer")


@pytest.fixture
def moderator(make_user) -> User:
    return make_user("mod", role=Role.MODERATOR)


@pytest.fixture
def make_post(db, author) -> Callable[..., Post]:
    """``make_post(title="…")``: a published post by ``author`` (a draft with ``status=PostStatus.DRAFT``)."""

    def make(title: str | None = None, **fields) -> Post:
        number = next(_serial)
        title = title or f"Post {number}"
        fields.setdefault("slug", f"post-{number}")
        fields.setdefault("body", f"The body of *{title}*.")
        fields.setdefault("author", author)
        fields.setdefault("status", PostStatus.PUBLISHED)
        if fields["status"] == PostStatus.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - dt.timedelta(hours=1))
        post = Post.objects.create(title=title, **fields)
        return post

    return make


@pytest.fixture
def post(make_post) -> Post:
    return make_post("A post worth discussing")


@pytest.fixture
def clock():
    """A controllable 'now' that moves forward 1 minute per tick (past the 15 s rate limit)."""

    class Clock:
        def __init__(self) -> None:
            self.now = timezone.now()

        def tick(self, seconds: float = 60) -> dt.datetime:
            self.now += dt.timedelta(seconds=seconds)
            return self.now

    return Clock()


@pytest.fixture
def comment_on(clock):
    """``comment_on(post, "text", author=user | None, reply_to=comment, ip=...)``; guests get a fixed identity."""

    def submit(
        post,
        body: str,
        *,
        author=None,
        reply_to=None,
        ip: str | None = None,
        name: str = "Gail Guest",
        email: str = "gail@example.org",
        now=None,
    ):
        draft = CommentDraft(
            thread=thread_for_post(post),
            body=body,
            author=author,
            guest_name="" if author else name,
            guest_email="" if author else email,
            reply_to=reply_to,
            ip_address=ip or f"198.51.100.{next(_ip) % 250}",
        )
        return submit_comment(draft, now=now or clock.tick())

    return submit
