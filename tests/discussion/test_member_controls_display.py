"""How blocks and mutes change a thread for the signed-in reader, at a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stoa.people import services
from stoa.people.models import User
from stoa.people.relations import ViewerRelations, relations_of


@pytest.fixture
def ann(make_user) -> User:
    return make_user("ann", display_name="Ann Blocker")


@pytest.fixture
def bob(make_user) -> User:
    return make_user("bob", display_name="Bob Pest")


@pytest.fixture
def thread(post, comment_on, ann: User, bob: User, make_user) -> dict:
    """#1 by Ann, #2 Bob's reply to her, #3 Cy's reply to Bob, #4 Bob on his own."""
    first = comment_on(post, "Ann opens the thread.", author=ann).comment
    reply = comment_on(post, "Bob answers Ann.", author=bob, reply_to=first).comment
    comment_on(post, "Cy answers Bob.", author=make_user("cy", display_name="Cy"), reply_to=reply)
    comment_on(post, "Bob muses alone.", author=bob)
    return {"first": first}


def page(client: Client, post, reader: User | None) -> str:
    if reader is not None:
        client.force_login(reader)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def item(html: str, number: int) -> str:
    """The ``<li>`` of comment ``#number``."""
    match = re.search(rf'<li class="comment[^"]*" id="c{number}".*?</li>', html, re.S)
    assert match, f"#{number} is missing"
    return match.group(0)


def test_the_blocked_reader_sees_a_placeholder_with_the_number_kept(client, post, thread, ann, bob) -> None:
    services.block(ann, bob)

    html = page(client, post, bob)

    first = item(html, 1)
    assert "[hidden]" in first and "Ann opens the thread." not in html and "Ann Blocker" not in first
    assert 'data-reply-to="1"' not in html
    assert "Bob answers Ann." in item(html, 2)  # the rest of the thread keeps its numbers
    assert "4 comments" in html


def test_the_blocker_sees_replies_from_the_blocked_collapsed(client, post, thread, ann, bob) -> None:
    services.block(ann, bob)

    html = page(client, post, ann)

    assert "<details><summary>#2 · Reply from someone you blocked</summary>" in item(html, 2)
    assert "Bob answers Ann." in item(html, 2)  # one click away, not gone
    assert "<summary>#4 · Comment from someone you blocked</summary>" in item(html, 4)
    assert "<details>" not in item(html, 1) + item(html, 3)


def test_the_muter_sees_the_muted_collapsed(client, post, thread, ann, bob) -> None:
    services.mute(ann, bob)

    html = page(client, post, ann)

    assert "<summary>#2 · Comment from someone you muted</summary>" in item(html, 2)
    assert "<summary>#4 · Comment from someone you muted</summary>" in item(html, 4)


@pytest.mark.parametrize("reader", ["guest", "someone else", "the blocked one after unblocking"])
def test_nobody_else_sees_any_difference(client, post, thread, ann, bob, make_user, reader: str) -> None:
    services.block(ann, bob)
    services.mute(ann, bob)
    viewer = {"guest": None, "someone else": make_user("dee")}.get(reader, bob)
    if reader.endswith("unblocking"):
        services.unblock(ann, bob)

    html = page(client, post, viewer)

    assert "[hidden]" not in html and "<details>" not in html
    assert "Ann opens the thread." in html


def test_a_moderator_who_is_blocked_still_sees_the_comment(client, post, thread, ann, moderator) -> None:
    services.block(ann, moderator)

    html = page(client, post, moderator)

    assert "Ann opens the thread." in item(html, 1)


def test_the_form_refuses_a_crafted_reply_from_the_blocked(client, post, thread, ann, bob) -> None:
    services.block(ann, bob)
    client.force_login(bob)

    response = client.post(f"/comments/post/{post.pk}/", {"body": "Sneaking a reply in.", "reply_to": 1})

    assert response.status_code == 400
    assert "You can&#x27;t reply to this member." in response.content.decode()
    assert "Sneaking a reply in." in response.content.decode()  # the writer keeps the text


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_blocks_and_mutes_cost_one_query_whatever_the_thread_size(
    client, make_post, comment_on, ann, bob, make_user
) -> None:
    """The reader's relations are read once (one UNION query), then only tested in memory."""
    small, big = make_post("Small"), make_post("Big")
    writers = [bob, *(make_user(f"w{i}") for i in range(4))]
    for post, count in ((small, 3), (big, 30)):
        for index in range(count):
            comment_on(post, f"Comment {index} here.", author=writers[index % len(writers)])
    for other in writers[1:3]:
        services.mute(ann, other)
    services.block(ann, bob)
    services.block(writers[3], ann)
    client.force_login(ann)
    count_queries(client, small.get_absolute_url())  # warm up

    small_count = count_queries(client, small.get_absolute_url())
    big_count = count_queries(client, big.get_absolute_url())
    html = client.get(big.get_absolute_url()).content.decode()

    assert big_count == small_count
    assert html.count("Comment from someone you blocked") == 6
    assert html.count("Comment from someone you muted") == 12
    assert html.count("[hidden]") == 6


def test_a_guest_pays_no_query_for_relations(db, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert relations_of(AnonymousUser()) == ViewerRelations()
