"""Atom feeds: the site's posts, a category's posts, and a post's published comments."""

from __future__ import annotations

import pytest

from stoa.blog.feeds import FEED_SIZE
from stoa.blog.models import Category, Post
from stoa.discussion.services import CommentDraft, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import approve_comment, reject_comment
from stoa.moderation.decisions import Status
from tests.blog.documents import ATOM, atom_entries, entry_links, entry_titles, utc


@pytest.fixture
def two_posts(make_post, category: Category) -> tuple[Post, Post]:
    filed = make_post("Filed post", slug="filed", published_at=utc(2024, 5, 2))
    filed.categories.add(category)
    loose = make_post("Loose post", slug="loose", published_at=utc(2024, 5, 3))
    return filed, loose


def test_site_feed_lists_posts_newest_first(client, two_posts: tuple[Post, Post]) -> None:
    feed, entries = atom_entries(client, "/feed/")

    assert feed.findtext("atom:title", namespaces=ATOM) == "Stoa"
    assert entry_titles(entries) == ["Loose post", "Filed post"]
    assert entry_links(entries) == ["http://testserver/2024/05/03/loose/", "http://testserver/2024/05/02/filed/"]
    assert entries[1].find("atom:category", ATOM).get("term") == "Civic Life"
    assert entries[1].findtext("atom:author/atom:name", namespaces=ATOM) == "Wendy Writer"
    assert "<em>Filed post</em>" in entries[1].findtext("atom:summary", namespaces=ATOM)


def test_site_feed_is_capped(client, make_post) -> None:
    for day in range(1, FEED_SIZE + 3):
        make_post(f"Day {day}", slug=f"day-{day}", published_at=utc(2024, 1, day))

    _, entries = atom_entries(client, "/feed/")

    assert len(entries) == FEED_SIZE
    assert entry_titles(entries)[0] == f"Day {FEED_SIZE + 2}"


def test_category_feed_holds_only_that_category(client, two_posts: tuple[Post, Post]) -> None:
    feed, entries = atom_entries(client, "/category/civic-life/feed/")

    assert feed.findtext("atom:title", namespaces=ATOM) == "Stoa: Civic Life"
    assert feed.find("atom:link[@rel='alternate']", ATOM).get("href") == "http://testserver/category/civic-life/"
    assert entry_titles(entries) == ["Filed post"]


def test_unknown_category_feed_is_not_found(client, db) -> None:
    assert client.get("/category/nope/feed/").status_code == 404


def test_index_and_category_pages_advertise_their_feeds(client, two_posts: tuple[Post, Post]) -> None:
    assert 'type="application/atom+xml" title="Stoa" href="/feed/"' in client.get("/").content.decode()
    category_page = client.get("/category/civic-life/").content.decode()
    assert 'href="/category/civic-life/feed/"' in category_page


@pytest.fixture
def discussed_post(make_post, make_user, moderator, add_comment) -> Post:
    """Two published member comments, one rejected, one held for links, and a guest's approved after a hold."""
    post = make_post("Discussed", slug="discussed", published_at=utc(2024, 5, 4))
    ann, bob = make_user("ann", display_name="Ann"), make_user("bob")
    first = add_comment(post, ann, "First thoughts.")
    add_comment(post, bob, "A *reply*.", reply_to=first)
    reject_comment(add_comment(post, bob, "Rude remark."), moderator=moderator, reason="rude")
    held = add_comment(post, ann, "See https://a.example and https://b.example")
    assert held.status == Status.HELD
    guest = CommentDraft(
        thread=thread_for_post(post), body="A guest speaks.", guest_name="Gil", guest_email="gil@example.org"
    )
    guest_comment = submit_comment(guest).comment
    assert guest_comment.status == Status.HELD
    approve_comment(guest_comment, moderator=moderator)
    return post


def test_comments_feed_shows_only_published_comments(client, discussed_post: Post) -> None:
    feed, entries = atom_entries(client, "/2024/05/04/discussed/comments/feed/")

    assert feed.findtext("atom:title", namespaces=ATOM) == "Comments on Discussed"
    assert entry_titles(entries) == ["#4 by Gil", "#2 by bob", "#1 by Ann"]
    assert entry_links(entries) == [f"http://testserver/2024/05/04/discussed/#c{n}" for n in (4, 2, 1)]
    assert "<em>reply</em>" in entries[1].findtext("atom:summary", namespaces=ATOM)
    bodies = " ".join(entry.findtext("atom:summary", namespaces=ATOM) for entry in entries)
    assert "Rude remark" not in bodies
    assert "b.example" not in bodies


def test_post_page_advertises_its_comments_feed(client, discussed_post: Post) -> None:
    html = client.get(discussed_post.get_absolute_url()).content.decode()

    assert 'href="/2024/05/04/discussed/comments/feed/"' in html


def test_comments_feed_of_a_post_without_comments_is_empty(client, post: Post) -> None:
    _, entries = atom_entries(client, f"{post.get_absolute_url()}comments/feed/")

    assert entries == []


def test_comments_feed_names_a_dormant_member_as_the_thread_page_does(client, discussed_post: Post) -> None:
    from stoa.people.models import User
    from stoa.people.services import go_dormant

    go_dormant(User.objects.get(username="ann"), show_comments_as_anonymous=True)
    go_dormant(User.objects.get(username="bob"), show_comments_as_anonymous=False)
    _, entries = atom_entries(client, "/2024/05/04/discussed/comments/feed/")

    assert entry_titles(entries) == ["#4 by Gil", "#2 by bob", "#1 by a dormant member"]
    authors = [entry.findtext("atom:author/atom:name", namespaces=ATOM) for entry in entries]
    assert authors == ["Gil", "bob", "a dormant member"]
    page = client.get(discussed_post.get_absolute_url()).content.decode()
    assert "a dormant member" in page and ">Ann<" not in page
