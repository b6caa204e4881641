"""One spelling per page and per origin, so one page is one thread; ``STOA_EMBED_ORIGINS`` fails fast."""

from __future__ import annotations

import pytest

from stoa.config import ConfigError, read_config
from stoa.discussion.page_urls import MAX_PAGE_URL_LENGTH, PageUrlInvalid, page_url, web_origin


@pytest.mark.parametrize(
    ("written", "key", "origin"),
    [
        ("https://blog.example/a-post/", "https://blog.example/a-post/", "https://blog.example"),
        ("HTTPS://Blog.Example:443/a-post/#comments", "https://blog.example/a-post/", "https://blog.example"),
        ("http://blog.example:80", "http://blog.example/", "http://blog.example"),
        ("http://localhost:8001/p?id=3&x=1", "http://localhost:8001/p?id=3&x=1", "http://localhost:8001"),
        ("http://[::1]:8001/p", "http://[::1]:8001/p", "http://[::1]:8001"),
    ],
)
def test_a_page_address_has_one_spelling(written, key, origin):
    page = page_url(written)
    assert (page.url, page.origin) == (key, origin)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("javascript:alert(1)", "not an http:// or https:// address"),
        ("ftp://blog.example/x", "not an http:// or https:// address"),
        ("/relative/page", "not an http:// or https:// address"),
        ("https://ann:secret@blog.example/", "user name or password"),
        ("https://blog.example:99999/", "not a valid address"),
        ("https://blog.example/" + "x" * MAX_PAGE_URL_LENGTH, "at most 300"),
    ],
)
def test_an_address_stoa_cannot_key_a_thread_by_is_refused_saying_why(written, why):
    with pytest.raises(PageUrlInvalid, match=why):
        page_url(written)


def test_an_origin_is_scheme_and_host_only():
    assert web_origin("https://Blog.Example:443/") == "https://blog.example"
    with pytest.raises(PageUrlInvalid, match="not an origin"):
        web_origin("https://blog.example/comments")


def test_embed_origins_are_read_normalised_and_a_bad_one_stops_the_start():
    config = read_config({"STOA_EMBED_ORIGINS": "https://Blog.Example/, http://localhost:8001,https://blog.example"})
    assert config.embed_origins == ("https://blog.example", "http://localhost:8001")
    assert read_config({}).embed_origins == ()
    with pytest.raises(
        ConfigError, match=r"^STOA_EMBED_ORIGINS='https://blog.example/x' is not valid: .*not an origin"
    ):
        read_config({"STOA_EMBED_ORIGINS": "https://blog.example/x"})
