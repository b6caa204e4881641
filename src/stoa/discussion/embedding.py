"""Pages on other sites that embed the comment widget: which may, and their threads.

A page may embed Stoa's comments only when its origin is in ``STOA_EMBED_ORIGINS``. Its thread is keyed by the
page's canonical address (``stoa.discussion.page_urls``) and created by the page's first comment, never by a
reader's visit: looking a page up writes nothing.
"""

from __future__ import annotations

from django.conf import settings

from stoa.discussion.models import Thread
from stoa.discussion.page_urls import PageUrl, page_url

MAX_TITLE_LENGTH = 200  # Thread.title's length


class EmbedNotAllowed(Exception):
    """The page, or the site asking, is not one this site's comments may be embedded on."""


def origin_allowed(origin: str) -> bool:
    """Whether ``origin`` (as a browser sends it in ``Origin``) is one of ``STOA_EMBED_ORIGINS``."""
    return origin.lower().rstrip("/") in settings.CONFIG.embed_origins


def embeddable_page(raw_url: str) -> PageUrl:
    """The page at ``raw_url``, if it is on an allowed site; ``PageUrlInvalid`` or ``EmbedNotAllowed`` if not."""
    page = page_url(raw_url)
    if page.origin not in settings.CONFIG.embed_origins:
        raise EmbedNotAllowed(
            f"{page.url} is not on a site allowed to embed these comments: {page.origin} is not in the site's "
            "list of embedding origins (STOA_EMBED_ORIGINS)."
        )
    return page


def page_thread(page: PageUrl) -> Thread | None:
    """The page's thread, or ``None`` before its first comment (nothing is created)."""
    return Thread.objects.filter(key=page.url).first()


def thread_for_page(page: PageUrl, title: str = "", *, closed: bool = False) -> Thread:
    """The page's thread, created on its first comment (or by an import: ``stoa.porting.pages``, which may make it
    ``closed``); the unique key makes concurrent creation yield one row (``get_or_create`` fetches the other
    request's row when its insert loses the race). An existing thread is returned as it is."""
    thread, _ = Thread.objects.get_or_create(
        key=page.url, defaults={"title": title.strip()[:MAX_TITLE_LENGTH], "closed": closed}
    )
    return thread
