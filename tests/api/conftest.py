"""API fixtures: keys made through the real service, a clean quota cache, and a Perspective-style poster."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from stoa.api.keys import create_key


@pytest.fixture(autouse=True)
def fresh_quota_counters() -> Iterator[None]:
    """Quota counters live in the cache, which outlives each test's database: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def score_key(db) -> str:
    """A key with the ``score`` scope and no request limit (quota tests make their own)."""
    return create_key("test scorer", ["score"], qps=0)[1]


@pytest.fixture
def post_json(client: Client) -> Callable[..., object]:
    """``post_json(url, body, key=...)``: POST ``body`` as JSON with ``?key=`` as a Perspective client does."""

    def post(url: str, body: object, *, key: str | None = None):
        target = url if key is None else f"{url}?key={key}"
        return client.post(target, data=json.dumps(body), content_type="application/json")

    return post


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists (see tests/browser/conftest.py)."""
    return live_server
