"""Post bodies are Markdown, rendered once and sanitised: hostile HTML in a body reaches readers inert."""

from __future__ import annotations

import re

import pytest

from stoa.blog.models import Post

HOSTILE_BODY = """\
## Field report

Some **bold** words and a [fair link](https://example.org/ok).

<script>alert("stolen")</script>

<img src="x.png" onerror="alert('img')">

[click me](javascript:alert('link'))

<a href="javascript:alert('raw')">raw link</a>

<iframe src="https://evil.example/"></iframe>

<p style="color: red" onclick="alert('p')">styled</p>
"""


@pytest.fixture
def hostile_post(make_post) -> Post:
    return make_post("Hostile body", slug="hostile", body=HOSTILE_BODY)


@pytest.fixture
def page(client, hostile_post: Post) -> str:
    response = client.get(hostile_post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode().split('<div class="post-body">', 1)[1].split("</div>", 1)[0]


def test_markdown_is_rendered(page: str) -> None:
    assert "<h2>Field report</h2>" in page
    assert "<strong>bold</strong>" in page
    assert '<a href="https://example.org/ok" rel="noopener noreferrer">fair link</a>' in page


def test_scripts_and_frames_are_removed(page: str) -> None:
    assert "<script" not in page
    assert "<iframe" not in page
    assert "evil.example" not in page


def test_event_handlers_and_styles_are_stripped(page: str) -> None:
    lowered = page.lower()
    assert "onerror" not in lowered
    assert "onclick" not in lowered
    assert "style=" not in lowered
    assert '<img src="x.png">' in page


def test_javascript_links_lose_their_target(page: str) -> None:
    assert "javascript:" not in page.lower()
    assert re.findall(r'href="([^"]*)"', page) == ["https://example.org/ok"]
    assert '<a rel="noopener noreferrer">raw link</a>' in page
    assert "click me</a>" in page


def test_stored_html_is_what_readers_get(hostile_post: Post, page: str) -> None:
    """Rendered on save, not on read: the stored HTML is already clean and is served unchanged."""
    assert "<script" not in hostile_post.body_html
    assert hostile_post.body_html.strip() == page.strip()
