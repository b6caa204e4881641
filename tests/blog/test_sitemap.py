"""The sitemap lists every published post and category archive, with absolute addresses."""

from __future__ import annotations

from stoa.blog.models import Category, Post
from tests.blog.documents import SITEMAP, fetch_xml, utc


def sitemap_entries(client) -> dict[str, str | None]:
    """Each listed address with its ``lastmod``."""
    sitemap = fetch_xml(client, "/sitemap.xml", "application/xml")
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {
        url.findtext("sm:loc", namespaces=SITEMAP): url.findtext("sm:lastmod", namespaces=SITEMAP)
        for url in sitemap.findall("sm:url", SITEMAP)
    }


def test_sitemap_lists_published_posts_and_categories(client, make_post, category: Category) -> None:
    first = make_post("First", slug="first", published_at=utc(2024, 2, 1))
    second = make_post("Second", slug="second", published_at=utc(2024, 2, 9))

    entries = sitemap_entries(client)

    assert set(entries) == {
        "http://testserver/2024/02/01/first/",
        "http://testserver/2024/02/09/second/",
        "http://testserver/category/civic-life/",
    }
    assert entries["http://testserver/2024/02/01/first/"] == f"{first.updated_at:%Y-%m-%d}"
    assert entries["http://testserver/2024/02/09/second/"] == f"{second.updated_at:%Y-%m-%d}"


def test_empty_site_has_an_empty_sitemap(client, db) -> None:
    assert sitemap_entries(client) == {}


def test_new_post_joins_the_sitemap(client, make_post) -> None:
    sitemap_entries(client)
    post: Post = make_post("Fresh", slug="fresh", published_at=utc(2024, 3, 3))

    assert "http://testserver/2024/03/03/fresh/" in sitemap_entries(client)
    assert post.get_absolute_url() == "/2024/03/03/fresh/"
