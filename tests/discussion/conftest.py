"""Fixtures the Webmention and Pingback tests share: the other site, the target post's URL, clean counters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from .mention_peer import PeerSite, running_peer


@pytest.fixture
def fresh_mention_counters() -> Iterator[None]:
    """The per-address mention limit counts in the cache, which outlives each test: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def peer(settings) -> Iterator[PeerSite]:
    """A second local HTTP server playing the other site (private addresses allowed for it alone)."""
    yield from running_peer(settings)


@pytest.fixture
def target(post) -> str:
    return f"http://testserver{post.get_absolute_url()}"


@pytest.fixture
def publish_mentions(settings) -> None:
    """Guests' first comments are held by default; these tests want to see the mention in the thread at once."""
    settings.CONFIG = settings.CONFIG.replace(hold_first_guest_comment=False)
