"""Which thread a comments-only source's page becomes: the post at that address if there is one, else the page's
own thread, keyed exactly as the embed widget keys it, so the widget on that page shows the imported comments.

The key is ``stoa.discussion.page_urls.page_url``'s spelling (origin and path, host lower-cased, no default port,
no fragment) and the thread is made by the widget's own ``stoa.discussion.embedding.thread_for_page``: one
function, so an import and a reader's first comment can never make two threads for one page. Isso knows pages by
path only (``/posts/hello/``), so its reader first puts them on the site they were on (``--site-url``, see
``page_address``); a source whose page is not a web address at all (a Disqus identifier without a link, a key of
Stoa's own JSON) keeps that key as it is.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin, urlsplit

from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve

from stoa.blog.models import Post
from stoa.discussion.embedding import thread_for_page
from stoa.discussion.models import Thread
from stoa.discussion.page_urls import PageUrl, PageUrlInvalid, page_url, web_origin
from stoa.discussion.threads import thread_for_post
from stoa.porting.records import ImportFileInvalid

_KEY_LENGTH = Thread._meta.get_field("key").max_length


class SiteUrlNeeded(ImportFileInvalid):
    """The source knows its pages by path only and no ``--site-url`` said which site they are on (or it is not a
    site's address); the message says what to give."""


def site_origin(site_url: str) -> str:
    """``--site-url`` as an origin (``https://Blog.Example/`` → ``https://blog.example``); ``SiteUrlNeeded`` if it
    is not one."""
    try:
        return web_origin(site_url)
    except PageUrlInvalid as error:
        raise SiteUrlNeeded(f"--site-url: {error}") from None


def is_path_only(address: str) -> bool:
    """Whether ``address`` is a path without its site (``/posts/hello/``; ``//blog.example/x`` lacks the scheme).
    An address with a scheme is not: a web address is complete, and anything else is a source's own identifier."""
    return not urlsplit(address.strip()).scheme


def path_only_refusal(source: str, example: str) -> SiteUrlNeeded:
    """The error for a source whose pages are paths, given no ``--site-url``."""
    return SiteUrlNeeded(
        f"{source} knows its pages by path only (such as {example}), not by full address: give the site they are "
        "on with --site-url https://blog.example, so that each page's comments go to the thread the embed widget "
        "shows on that page"
    )


def page_address(address: str, origin: str) -> str:
    """A page's path put on the site at ``origin`` (an absolute address is kept): ``/posts/hello/`` →
    ``https://blog.example/posts/hello/``."""
    address = address.strip()
    return urljoin(origin + "/", address) if is_path_only(address) else address


def thread_for_imported_page(address: str, title: str = "", *, closed: bool = False) -> Thread:
    """The thread for the page at ``address``; a new page thread takes ``title`` and ``closed`` from the source."""
    post = post_at(address)
    if post is not None:
        return thread_for_post(post)
    try:
        page = page_url(address)
    except PageUrlInvalid:  # not a web address: a source's own identifier, kept as its key
        thread, _ = Thread.objects.get_or_create(
            key=address[:_KEY_LENGTH], defaults={"title": title.strip()[:200], "closed": closed}
        )
        return thread
    _adopt_earlier_import(page, address)
    return thread_for_page(page, title, closed=closed)


def _adopt_earlier_import(page: PageUrl, address: str) -> None:
    """Imports before page keys were canonical keyed a page's thread by the address as the source wrote it (Isso:
    the bare path). Give such a thread the page's key, so importing again after the upgrade moves it to where the
    widget looks; unless the widget has made that page's thread meanwhile (then the two stay apart)."""
    if Thread.objects.filter(key=page.url).exists():
        return
    parts = urlsplit(page.url)
    earlier = {address.strip()[:_KEY_LENGTH], parts.path + (f"?{parts.query}" if parts.query else "")} - {page.url}
    found = Thread.objects.filter(key__in=earlier, post__isnull=True).order_by("pk").first()
    if found is None:
        return
    try:
        with transaction.atomic():
            Thread.objects.filter(pk=found.pk).update(key=page.url)
    except IntegrityError:  # a reader's first comment made the page's thread just now: leave the old one be
        pass


def post_at(url: str) -> Post | None:
    """The post whose permalink is ``url``'s path, or else the only post with the path's last part as its slug
    (an old blog's /2024/01/02/hello/ finds the imported post "hello" whatever its dates)."""
    path = urlsplit(url).path or "/"
    try:
        match = resolve(path if path.endswith("/") else path + "/")
    except Resolver404:
        match = None
    if match is not None and match.view_name == "blog:post":
        year, month, day, slug = (match.kwargs[name] for name in ("year", "month", "day", "slug"))
        try:
            day_of = dt.date(year, month, day)
        except ValueError:
            day_of = None
        found = Post.objects.filter(slug=slug, published_at__date=day_of).first() if day_of else None
        if found is not None:
            return found
    slug = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    candidates = list(Post.objects.filter(slug=slug)[:2]) if slug else []
    return candidates[0] if len(candidates) == 1 else None
