"""A published post is reachable everywhere it is filed, and only there."""

from __future__ import annotations

import pytest

from stoa.blog.models import Category, Post, Tag
from tests.blog.documents import utc


@pytest.fixture
def filed_post(make_post, category: Category, tag: Tag) -> Post:
    post = make_post("Budget night at the town hall", slug="budget-night", published_at=utc(2024, 3, 15))
    post.categories.add(category)
    post.tags.add(tag)
    return post


@pytest.fixture
def other_post(make_post, make_user) -> Post:
    """Another author's post in another month, in no category or tag: it must not leak into the archives."""
    return make_post("Gardening notes", slug="gardening", published_at=utc(2024, 4, 2), author=make_user("gus"))


def test_permalink_is_dated_and_shows_the_post(client, filed_post: Post) -> None:
    assert filed_post.get_absolute_url() == "/2024/03/15/budget-night/"

    response = client.get("/2024/03/15/budget-night/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Budget night at the town hall</h1>" in html
    assert "The body of <em>Budget night at the town hall</em>." in html
    assert 'href="/category/civic-life/">Civic Life</a>' in html
    assert 'href="/tag/town-hall/">Town Hall</a>' in html
    assert 'href="/author/writer/">Wendy Writer</a>' in html


def test_permalink_with_wrong_date_is_not_found(client, filed_post: Post) -> None:
    assert client.get("/2024/03/16/budget-night/").status_code == 404
    assert client.get("/2024/02/30/budget-night/").status_code == 404


def test_index_lists_every_published_post_newest_first(client, filed_post: Post, other_post: Post) -> None:
    html = client.get("/").content.decode()

    assert 'href="/2024/03/15/budget-night/"' in html
    assert html.index("Gardening notes") < html.index("Budget night at the town hall")


@pytest.mark.parametrize(
    "archive_url",
    ["/category/civic-life/", "/tag/town-hall/", "/author/writer/", "/2024/03/"],
    ids=["category", "tag", "author", "month"],
)
def test_archive_lists_its_posts_only(client, filed_post: Post, other_post: Post, archive_url: str) -> None:
    response = client.get(archive_url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/2024/03/15/budget-night/"' in html
    assert "Gardening notes" not in html


def test_archive_headings(client, filed_post: Post) -> None:
    assert "<h1>Category: Civic Life</h1>" in client.get("/category/civic-life/").content.decode()
    assert "<h1>Tagged: Town Hall</h1>" in client.get("/tag/town-hall/").content.decode()
    assert "<h1>Posts by Wendy Writer</h1>" in client.get("/author/writer/").content.decode()
    assert "<h1>Archive: March 2024</h1>" in client.get("/2024/03/").content.decode()


def test_month_archive_of_an_empty_month_says_so(client, filed_post: Post) -> None:
    response = client.get("/2024/05/")

    assert response.status_code == 200
    assert "No posts here yet." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/category/nope/", "/tag/nope/", "/author/nobody/", "/2024/13/", "/2024/00/", "/0000/01/", "/0000/01/01/x/"]
)
def test_unknown_archives_are_not_found(client, db, url: str) -> None:
    assert client.get(url).status_code == 404
