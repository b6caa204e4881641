"""Drafts and scheduled posts are invisible to readers: no page, no listing, no feed, no sitemap entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from stoa.blog.models import Category, Post, PostStatus
from tests.blog.documents import SITEMAP, atom_entries, entry_titles, fetch_xml


@pytest.fixture
def hidden_posts(make_post, category: Category) -> list[Post]:
    """A draft, a draft that once had a date, and a post scheduled for tomorrow, all in ``category``."""
    posts = [
        make_post("Secret draft", status=PostStatus.DRAFT),
        make_post("Dated draft", status=PostStatus.DRAFT, published_at=timezone.now() - dt.timedelta(days=1)),
        make_post("Scheduled news", published_at=timezone.now() + dt.timedelta(days=1)),
    ]
    for post in posts:
        post.categories.add(category)
    return posts


@pytest.fixture
def live_post(make_post, category: Category) -> Post:
    post = make_post("Live news")
    post.categories.add(category)
    return post


def test_hidden_posts_have_no_page(client, hidden_posts: list[Post]) -> None:
    for post in hidden_posts:
        assert client.get(post.get_absolute_url()).status_code == 404, post.title
        assert client.get(f"{post.get_absolute_url()}comments/feed/").status_code == 404, post.title


@pytest.mark.parametrize("url", ["/", "/category/civic-life/", "/author/writer/"])
def test_hidden_posts_are_not_listed(client, hidden_posts: list[Post], live_post: Post, url: str) -> None:
    html = client.get(url).content.decode()

    assert "Live news" in html
    for post in hidden_posts:
        assert post.title not in html


def test_scheduled_post_is_missing_from_its_month_archive(client, hidden_posts: list[Post]) -> None:
    tomorrow = timezone.localtime(hidden_posts[2].published_at)

    html = client.get(f"/{tomorrow:%Y}/{tomorrow:%m}/").content.decode()

    assert "Scheduled news" not in html


@pytest.mark.parametrize("url", ["/feed/", "/category/civic-life/feed/"])
def test_hidden_posts_are_not_in_feeds(client, hidden_posts: list[Post], live_post: Post, url: str) -> None:
    _, entries = atom_entries(client, url)

    assert entry_titles(entries) == ["Live news"]


def test_hidden_posts_are_not_in_the_sitemap(client, hidden_posts: list[Post], live_post: Post) -> None:
    sitemap = fetch_xml(client, "/sitemap.xml", "application/xml")
    locations = [loc.text for loc in sitemap.findall("sm:url/sm:loc", SITEMAP)]

    assert f"http://testserver{live_post.get_absolute_url()}" in locations
    for post in hidden_posts:
        assert not any(location.endswith(post.get_absolute_url()) for location in locations), post.title


def test_scheduled_post_appears_once_its_time_comes(client, hidden_posts: list[Post]) -> None:
    scheduled = hidden_posts[2]
    Post.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - dt.timedelta(minutes=1))
    scheduled.refresh_from_db()

    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert "Scheduled news" in client.get("/").content.decode()
