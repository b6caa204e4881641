"""The index pages by ``STOA_POSTS_PER_PAGE``, newest first, with links between the pages."""

from __future__ import annotations

import re

import pytest

from tests.blog.documents import utc


@pytest.fixture
def seven_posts(make_post, stoa_config) -> None:
    stoa_config(posts_per_page=3)
    for day in range(1, 8):
        make_post(f"Day {day}", slug=f"day-{day}", published_at=utc(2024, 6, day))


def listed_titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


def test_first_page_holds_the_newest_posts(client, seven_posts: None) -> None:
    html = client.get("/").content.decode()

    assert listed_titles(html) == ["Day 7", "Day 6", "Day 5"]
    assert "Page 1 of 3" in html
    assert 'rel="next" href="?page=2"' in html
    assert 'rel="prev"' not in html


def test_second_page_continues_where_the_first_stopped(client, seven_posts: None) -> None:
    html = client.get("/", {"page": 2}).content.decode()

    assert listed_titles(html) == ["Day 4", "Day 3", "Day 2"]
    assert 'rel="prev" href="?page=1"' in html
    assert 'rel="next" href="?page=3"' in html


def test_last_page_holds_the_rest(client, seven_posts: None) -> None:
    assert listed_titles(client.get("/", {"page": 3}).content.decode()) == ["Day 1"]


def test_archives_page_too(client, seven_posts: None) -> None:
    assert listed_titles(client.get("/2024/06/", {"page": 2}).content.decode()) == ["Day 4", "Day 3", "Day 2"]


@pytest.mark.parametrize("page", ["99", "nonsense"])
def test_out_of_range_page_falls_back_instead_of_failing(client, seven_posts: None, page: str) -> None:
    response = client.get("/", {"page": page})

    assert response.status_code == 200
    assert listed_titles(response.content.decode())
