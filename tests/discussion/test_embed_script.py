"""`/embed.js`: the widget's script at the site's root, as JavaScript, cacheable, the static file's bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stoa

SCRIPT = Path(stoa.__file__).parent / "static" / "stoa" / "embed.js"


@pytest.fixture(autouse=True)
def production_mode(settings) -> None:
    settings.DEBUG = False


def test_the_script_is_served_at_the_root_as_javascript_with_long_caching(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.content == SCRIPT.read_bytes()
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert "public" in response["Cache-Control"] and max_age >= 86400
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response


def test_an_unchanged_script_is_a_304_with_the_same_caching(client):
    first = client.get("/embed.js")
    again = client.get("/embed.js", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["ETag"] == first["ETag"]


def test_head_is_answered_and_other_methods_are_not(client):
    assert client.head("/embed.js").status_code == 200
    assert client.post("/embed.js").status_code == 405


def test_the_script_talks_only_to_its_own_site_without_cookies_or_storage():
    source = SCRIPT.read_text()
    assert "/api/v1/threads/by-url/comments" in source
    assert source.count('credentials: "omit"') == 2
    for forbidden in ("document.cookie", "localStorage", "sessionStorage", "eval(", "http://", "https://cdn"):
        assert forbidden not in source
