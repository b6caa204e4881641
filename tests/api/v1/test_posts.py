"""Posts: the published ones, newest first, paged and filtered by ``since``; one post with its body."""

import datetime as dt

import pytest
from django.utils import timezone

from stoa.blog.models import PostStatus
from tests.api.v1.conftest import assert_problem

NOW = timezone.now()


@pytest.fixture
def reader(make_key) -> str:
    return make_key("read")


@pytest.fixture
def five_posts(make_post):
    """Published one, two ... five days ago (the newest last)."""
    return [make_post(f"Day {n}", published_at=NOW - dt.timedelta(days=6 - n)) for n in range(1, 6)]


def test_posts_are_listed_newest_first_in_pages(api, reader, five_posts):
    first = api.get("/posts", key=reader, limit=2).json()
    assert [post["title"] for post in first["items"]] == ["Day 5", "Day 4"]
    assert (first["count"], first["limit"], first["offset"], first["next_offset"]) == (5, 2, 0, 2)
    last = api.get("/posts", key=reader, limit=2, offset=4).json()
    assert [post["title"] for post in last["items"]] == ["Day 1"]
    assert last["next_offset"] is None


def test_since_keeps_posts_published_at_or_after_it(api, reader, five_posts):
    since = five_posts[2].published_at.isoformat()  # "Day 3", exactly
    page = api.get("/posts", key=reader, since=since).json()
    assert [post["title"] for post in page["items"]] == ["Day 5", "Day 4", "Day 3"]
    assert page["count"] == 3


def test_drafts_and_scheduled_posts_are_not_listed_nor_readable(api, reader, make_post):
    draft = make_post("Draft", status=PostStatus.DRAFT)
    scheduled = make_post("Later", published_at=NOW + dt.timedelta(days=1))
    assert api.get("/posts", key=reader).json()["count"] == 0
    for hidden in (draft, scheduled):
        assert_problem(api.get(f"/posts/{hidden.pk}", key=reader), 404, "not-found")


def test_a_post_has_its_body_byline_thread_and_published_comment_count(api, reader, post, comment_on, make_user):
    comment_on(post, "A published comment.", author=make_user())
    data = api.get(f"/posts/{post.pk}", key=reader).json()
    assert data["title"] == "A post worth discussing"
    assert data["body_html"] == "<p>The body of <em>A post worth discussing</em>.</p>"
    assert data["author"] == {"username": "writer", "display_name": "Wendy Writer", "guest": False}
    assert data["url"] == "http://testserver" + post.get_absolute_url()
    assert data["thread"] == post.thread.pk
    assert (data["comment_count"], data["comments_closed"]) == (1, False)
    assert "body_html" not in api.get("/posts", key=reader).json()["items"][0]


def test_a_guest_post_is_bylined_with_the_guest_never_an_email(api, reader, make_post):
    make_post("Guest", guest_author_name="Gus Guest", guest_author_url="https://gus.example")
    item = api.get("/posts", key=reader).json()["items"][0]
    assert item["author"] == {"username": None, "display_name": "Gus Guest", "guest": True}
    assert "@" not in str(item)


def test_a_closed_post_says_so(api, reader, make_post):
    closed = make_post("Closed", comments_closed=True)
    assert api.get(f"/posts/{closed.pk}", key=reader).json()["comments_closed"] is True
