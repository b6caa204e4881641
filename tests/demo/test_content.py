"""What the demo holds, after one load through the real pipeline: a heated guest thread and a queue to show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings

from stoa.blog.models import Post
from stoa.demo import DemoResult, load_demo
from stoa.demo.content import MEMBERS, STAFF, WATCHED_WORDS
from stoa.demo.guest_post import GUEST_POST
from stoa.discussion.models import Comment, CommentKind
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.people.models import User
from stoa.safety.models import AimedComment
from stoa.safety.models import Person as RegisteredPerson

NOW = dt.datetime(2025, 3, 14, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[DemoResult]:
    """One load shared by this module's tests, which only read (a load runs 51 comments through the pipeline).

    It lives in a transaction rolled back after the module, so no other module sees the demo; each test's own
    ``db`` transaction nests inside it.
    """
    fast_hashing = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    isolated = override_settings(DATA_DIR=tmp_path_factory.mktemp("demo"), PASSWORD_HASHERS=fast_hashing)
    with isolated, django_db_blocker.unblock(), transaction.atomic():
        yield load_demo(now=NOW)
        transaction.set_rollback(True)


@pytest.fixture
def demo(db, loaded_once) -> DemoResult:
    return loaded_once


@pytest.fixture
def guest_comments(demo) -> list[Comment]:
    post = Post.objects.get(slug=GUEST_POST.slug)
    return list(Comment.objects.filter(thread__post=post).select_related("in_reply_to"))


def _latest_reasons(comment: Comment) -> list[str]:
    return comment.decisions.order_by("-created_at", "-id").first().reasons


def test_the_guest_post_has_a_guest_byline(demo):
    post = Post.objects.get(slug=GUEST_POST.slug)
    assert post.is_guest_post
    assert post.byline == "Guest post from Ruth Adeyemi"
    assert post.guest_author_url and post.guest_author_bio
    assert post.published_at < NOW


def test_posts_are_spread_over_recent_weeks(demo):
    dates = list(Post.objects.values_list("published_at", flat=True))
    assert len(dates) == demo.posts >= 4
    assert all(NOW - dt.timedelta(weeks=4) < date < NOW for date in dates)


def test_the_guest_thread_is_long_and_threaded(guest_comments):
    assert len(guest_comments) >= 30
    assert max(comment.depth for comment in guest_comments) >= 2
    replies = [comment for comment in guest_comments if comment.in_reply_to_id]
    assert len(replies) >= 10
    assert all(reply.in_reply_to.is_published for reply in replies)


def test_name_calling_is_held_with_the_watched_word_as_reason(guest_comments):
    held = [comment for comment in guest_comments if comment.status == Status.HELD]
    word_held = [c for c in held if any(r.startswith("watched word") for r in _latest_reasons(c))]
    assert len(word_held) >= 5
    held_words = {word for c in word_held for word in WATCHED_WORDS if word in c.body.lower()}
    assert {"scumbag", "lowlife", "shit-houses"} <= held_words
    assert all(comment.number is None for comment in held)


def test_published_comments_are_numbered_without_gaps(guest_comments):
    published = [comment for comment in guest_comments if comment.is_published]
    assert sorted(comment.number for comment in published) == list(range(1, len(published) + 1))
    assert len(published) > len(guest_comments) / 2


def test_the_constructive_voice_is_published(guest_comments):
    privately = [comment for comment in guest_comments if "privately" in comment.body]
    assert privately and all(comment.is_published for comment in privately)


def test_guests_first_comments_wait_and_spam_is_rejected(guest_comments):
    by_guests = [c for c in guest_comments if not c.author_id and c.kind == CommentKind.COMMENT]
    assert {comment.status for comment in by_guests} == {Status.HELD, Status.REJECTED}


def test_number_seven_is_a_mention_from_another_site(guest_comments):
    seventh = next(comment for comment in guest_comments if comment.number == 7)
    assert seventh.kind == CommentKind.WEBMENTION and seventh.source_url.startswith("https://courier.example/")


def test_the_people_the_guest_post_discusses_are_in_the_register(demo):
    people = RegisteredPerson.objects.filter(posts__slug="canal-wharf-deserves-better")
    assert set(people.values_list("name", flat=True)) == {"Graham Pell", "Simon Thorne", "Ruth Adeyemi"}
    named = AimedComment.objects.filter(target_key="person:graham-pell")
    assert named.filter(hostile=True).count() >= 3  # "scumbag", "lowlife", "shit-houses" at Councillor Pell


def test_the_informant_slur_elsewhere_is_held(demo):
    held = ModerationDecision.objects.filter(status=Status.HELD, comment__thread__post__slug__contains="hunt")
    assert any("'informant'" in reason for decision in held for reason in decision.reasons)


def test_the_calm_post_has_a_few_numbered_comments(demo):
    calm = Comment.objects.filter(thread__post__slug="the-repair-cafe-is-back", status=Status.PUBLISHED)
    assert sorted(calm.values_list("number", flat=True)) == list(range(1, calm.count() + 1))
    assert calm.count() >= 3


def test_no_other_demo_account_can_log_in(demo):
    usernames = [person.username for person in (*STAFF, *MEMBERS)]
    accounts = User.objects.filter(username__in=usernames)
    assert accounts.count() == len(usernames)
    assert not any(user.has_usable_password() for user in accounts)
