"""Dates in addresses follow the site's time zone (``STOA_TIME_ZONE``), the same everywhere a post is linked."""

from __future__ import annotations

import pytest

from stoa.blog.models import Post
from tests.blog.documents import SITEMAP, atom_entries, entry_links, fetch_xml, utc


@pytest.fixture
def late_post(make_post, settings) -> Post:
    """Published on 31 May at 20:00 UTC: already 1 June in Auckland, the site's time zone."""
    settings.TIME_ZONE = "Pacific/Auckland"
    return make_post("Late news", slug="late", published_at=utc(2024, 5, 31, hour=20))


def test_permalink_uses_the_local_date(client, late_post: Post) -> None:
    assert late_post.get_absolute_url() == "/2024/06/01/late/"
    assert client.get("/2024/06/01/late/").status_code == 200
    assert client.get("/2024/05/31/late/").status_code == 404


def test_month_archive_uses_the_local_month(client, late_post: Post) -> None:
    assert "Late news" in client.get("/2024/06/").content.decode()
    assert "Late news" not in client.get("/2024/05/").content.decode()


def test_advertised_comments_feed_is_the_permalinks(client, late_post: Post) -> None:
    html = client.get("/2024/06/01/late/").content.decode()

    assert 'href="/2024/06/01/late/comments/feed/"' in html
    assert client.get("/2024/06/01/late/comments/feed/").status_code == 200


def test_feed_and_sitemap_link_the_local_permalink(client, late_post: Post) -> None:
    _, entries = atom_entries(client, "/feed/")
    sitemap = fetch_xml(client, "/sitemap.xml", "application/xml")

    assert entry_links(entries) == ["http://testserver/2024/06/01/late/"]
    assert "http://testserver/2024/06/01/late/" in [loc.text for loc in sitemap.findall("sm:url/sm:loc", SITEMAP)]
