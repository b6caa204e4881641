"""A guest post carries the guest's byline, not the account that submitted it."""

from __future__ import annotations

import pytest

from stoa.blog.models import Post
from tests.blog.documents import ATOM, atom_entries


@pytest.fixture
def guest_post(make_post) -> Post:
    return make_post(
        "Notes from the river",
        slug="river-notes",
        guest_author_name="Ada Guest",
        guest_author_url="https://ada.example/",
        guest_author_bio="Ada paddles and writes.",
    )


def test_post_page_shows_the_guest_byline_and_bio(client, guest_post: Post) -> None:
    html = client.get(guest_post.get_absolute_url()).content.decode()

    assert '<span class="byline guest">Guest post from Ada Guest</span>' in html
    assert "Ada paddles and writes." in html
    assert 'href="https://ada.example/"' in html
    assert "Wendy Writer" not in html


def test_index_shows_the_guest_byline(client, guest_post: Post) -> None:
    assert "Guest post from Ada Guest" in client.get("/").content.decode()


def test_feed_names_the_guest_as_author(client, guest_post: Post) -> None:
    _, entries = atom_entries(client, "/feed/")

    assert [entry.findtext("atom:author/atom:name", namespaces=ATOM) for entry in entries] == ["Ada Guest"]


def test_guest_post_is_not_in_the_submitting_authors_archive(client, guest_post: Post, make_post) -> None:
    make_post("Wendy's own post", slug="own")

    html = client.get("/author/writer/").content.decode()

    assert "Wendy&#x27;s own post" in html
    assert "Notes from the river" not in html
