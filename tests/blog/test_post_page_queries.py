"""A post page costs the same number of queries whatever the size of its discussion (DESIGN.md, hot path)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stoa.blog.models import Category, Post, Tag
from stoa.discussion.services import CommentDraft, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import approve_comment
from stoa.moderation.decisions import Status
from stoa.people.models import User


@pytest.fixture
def discuss(make_user, moderator: User, add_comment) -> Callable[[Post, int], None]:
    """``discuss(post, n)``: n published comments, and one held comment that only moderators see.

    The published ones come from three members and from guests approved by a moderator; a third are replies.
    """
    members = [make_user(f"reader{i}", display_name=f"Reader {i}") for i in range(3)]

    def discuss(post: Post, count: int) -> None:
        previous = None
        for index in range(count):
            if index % 5 == 4:
                draft = CommentDraft(
                    thread=thread_for_post(post),
                    body=f"Guest comment {index}.",
                    guest_name=f"Guest {index}",
                    guest_email=f"g{index}@example.org",
                )
                comment = approve_comment(submit_comment(draft).comment, moderator=moderator)
            else:
                reply_to = previous if index % 3 == 2 else None
                comment = add_comment(post, members[index % 3], f"Comment {index}.", reply_to=reply_to)
            assert comment.status == Status.PUBLISHED
            previous = comment
        held = add_comment(post, members[0], "Links https://a.example https://b.example")
        assert held.status == Status.HELD

    return discuss


@pytest.fixture
def filed_posts(make_post, category: Category, tag: Tag) -> tuple[Post, Post]:
    posts = make_post("Small talk", slug="small"), make_post("Big talk", slug="big")
    for post in posts:
        post.categories.add(category)
        post.tags.add(tag)
    return posts


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("reader", ["anonymous", "member", "moderator"])
def test_post_page_queries_do_not_grow_with_comments(
    client, filed_posts, discuss, make_user, moderator, reader: str
) -> None:
    small, big = filed_posts
    discuss(small, 3)
    discuss(big, 30)
    if reader != "anonymous":
        client.force_login(moderator if reader == "moderator" else make_user("someone"))
    count_queries(client, small.get_absolute_url())  # warm up: session, thread creation, caches

    small_count = count_queries(client, small.get_absolute_url())
    big_count = count_queries(client, big.get_absolute_url())

    assert big_count == small_count
    assert small_count <= 12


def test_big_discussion_is_all_shown(client, filed_posts, discuss) -> None:
    """The constant count is not bought by leaving comments out."""
    _, big = filed_posts
    discuss(big, 30)

    html = client.get(big.get_absolute_url()).content.decode()

    assert "30 comments" in html
    assert html.count('data-status="published"') == 30
    assert "Guest comment 29." in html and "Reader 2" in html
    assert 'data-status="held"' not in html
