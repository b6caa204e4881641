"""Telling the pages a newly published post links to: discover each page's endpoint, send, and retry.

Discovery follows the Webmention spec (an HTTP ``Link: <…>; rel="webmention"`` header first, then the first
``<link>`` or ``<a>`` with ``rel="webmention"`` in the HTML, relative URLs resolved against the page's address
after redirects), then Pingback (an ``X-Pingback`` header, then ``<link rel="pingback">``). Every request goes
through ``mention_fetch`` (limits and the SSRF guard), since a post can link anywhere.

Each link is one ``OutgoingMention`` row, so it is told once however often the post is saved. A try that fails
for a reason that may pass (no answer, a 5xx or 429) is retried: ``MAX_ATTEMPTS`` tries in all, ``BACKOFF`` apart;
a refusal (a 4xx, a private address, a Pingback fault) is final.
"""

from __future__ import annotations

import re
import xmlrpc.client
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.db.models import QuerySet

from stoa.blog.models import Post, PostStatus
from stoa.discussion.mention_fetch import FetchFailed, FetchRefused, Page, fetch
from stoa.discussion.mention_sources import PageLink, page_links
from stoa.discussion.models import OutgoingMention, OutgoingStatus
from stoa.discussion.pingbacks import ALREADY_REGISTERED, PingbackFault, parse_response

MAX_ATTEMPTS = 3
BACKOFF = (timedelta(minutes=5), timedelta(minutes=30))  # the wait after the first and the second failed try
NEW_POST_WINDOW = timedelta(days=2)  # "newly published": an imported or long-published post pings nobody
MAX_LINKS = 50
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*)*)")
_REL_PARAM = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)


class DeliveryError(Exception):
    """A try did not get through. ``retry``: whether trying again later may help."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Endpoint:
    protocol: str  # "webmention" or "pingback"
    url: str


def post_url(post: Post) -> str:
    """The post's public address: what the pages it links to will fetch."""
    return settings.CONFIG.site_url.rstrip("/") + post.get_absolute_url()


def is_newly_published(post: Post, now: datetime) -> bool:
    published = post.published_at
    return post.status == PostStatus.PUBLISHED and published is not None and now - NEW_POST_WINDOW <= published <= now


def outbound_links(post: Post) -> list[str]:
    """The other sites' pages the post links to (``<a href>``), in order, once each, at most ``MAX_LINKS``."""
    own = urlsplit(settings.CONFIG.site_url).netloc.lower()
    links, base = page_links(post.body_html, post_url(post))
    found: list[str] = []
    for link in links:
        url = urljoin(base, link.url).split("#", 1)[0]
        parts = urlsplit(url)
        if link.tag == "a" and parts.scheme in ("http", "https") and parts.netloc.lower() != own and url not in found:
            found.append(url)
    return [url for url in found if len(url) <= 500][:MAX_LINKS]


def record_links(post: Post, *, now: datetime) -> list[OutgoingMention]:
    """One row per link not told yet; the rows due now (new ones, and earlier ones waiting for a retry)."""
    for target in outbound_links(post):
        OutgoingMention.objects.get_or_create(
            post=post, target=target, defaults={"created_at": now, "next_attempt_at": now}
        )
    return list(due_mentions(now).filter(post=post))


def due_mentions(now: datetime) -> QuerySet[OutgoingMention]:
    return OutgoingMention.objects.filter(status=OutgoingStatus.PENDING, next_attempt_at__lte=now).select_related(
        "post"
    )


def send_mention(outgoing: OutgoingMention, *, now: datetime) -> OutgoingMention:
    """One try: discover the target's endpoint and send; record the outcome and, on a passing failure, the retry."""
    outgoing.attempts += 1
    try:
        endpoint = discover_endpoint(outgoing.target)
        if endpoint is None:
            return _record(outgoing, OutgoingStatus.NO_ENDPOINT, "The page offers no Webmention or Pingback endpoint.")
        outgoing.protocol, outgoing.endpoint = endpoint.protocol, endpoint.url[:500]
        deliver(endpoint, source=post_url(outgoing.post), target=outgoing.target)
    except FetchRefused as refused:
        return _record(outgoing, OutgoingStatus.FAILED, str(refused))
    except (FetchFailed, DeliveryError) as error:
        if getattr(error, "retry", True) and outgoing.attempts < MAX_ATTEMPTS:
            outgoing.next_attempt_at = now + BACKOFF[outgoing.attempts - 1]
            return _record(outgoing, OutgoingStatus.PENDING, str(error))
        return _record(outgoing, OutgoingStatus.FAILED, str(error))
    outgoing.sent_at = now
    return _record(outgoing, OutgoingStatus.SENT, "")


def _record(outgoing: OutgoingMention, status: OutgoingStatus, error: str) -> OutgoingMention:
    outgoing.status, outgoing.last_error = status, error[:300]
    if status != OutgoingStatus.PENDING:
        outgoing.next_attempt_at = None
    outgoing.save()
    return outgoing


def discover_endpoint(target: str) -> Endpoint | None:
    """The target's Webmention endpoint, else its Pingback endpoint, else ``None``."""
    page = fetch(target, headers={"Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"})
    _raise_for_status(page, "The linked page")
    html = page.text if page.content_type in _HTML_TYPES else ""
    links, base = page_links(html, page.url) if html else ([], page.url)
    webmention = _webmention_endpoint(page, links, base)
    if webmention is not None:
        return Endpoint("webmention", webmention)
    pingback = _pingback_endpoint(page, links, base)
    return Endpoint("pingback", pingback) if pingback is not None else None


def _webmention_endpoint(page: Page, links: list[PageLink], base: str) -> str | None:
    """The ``Link`` header first, then the first ``<link>`` or ``<a>`` in the HTML (an empty href: the page)."""
    in_header = _rel_in_link_header(page.headers.get("link", ""), "webmention")
    if in_header is not None:
        return urljoin(page.url, in_header)
    in_html = (link for link in links if link.tag in ("link", "a") and "webmention" in link.rel)
    return next((urljoin(base, link.url) for link in in_html), None)


def _pingback_endpoint(page: Page, links: list[PageLink], base: str) -> str | None:
    """The ``X-Pingback`` header first, then ``<link rel="pingback">``."""
    header = page.headers.get("x-pingback", "").strip()
    if header:
        return urljoin(page.url, header)
    in_html = (link for link in links if link.tag == "link" and "pingback" in link.rel and link.url)
    return next((urljoin(base, link.url) for link in in_html), None)


def _rel_in_link_header(header: str, rel: str) -> str | None:
    """The URL of the first ``Link`` header value whose ``rel`` tokens include ``rel`` (RFC 8288)."""
    for match in _LINK_VALUE.finditer(header):
        for param in _REL_PARAM.finditer(match.group(2)):
            if rel in (param.group(1) or param.group(2) or "").lower().split():
                return match.group(1).strip()
    return None


def deliver(endpoint: Endpoint, *, source: str, target: str) -> None:
    """Send one Webmention (form POST) or Pingback (XML-RPC); ``DeliveryError`` if it was not accepted."""
    if endpoint.protocol == "webmention":
        body = urlencode({"source": source, "target": target}).encode()
        page = fetch(endpoint.url, method="POST", body=body, headers=_FORM)
        _raise_for_status(page, "The Webmention endpoint")
        return
    call = xmlrpc.client.dumps((source, target), "pingback.ping").encode()
    page = fetch(endpoint.url, method="POST", body=call, headers={"Content-Type": "text/xml"})
    _raise_for_status(page, "The Pingback endpoint")
    try:
        parse_response(page.body)
    except PingbackFault as fault:
        if fault.code != ALREADY_REGISTERED:
            raise DeliveryError(f"Pingback fault {fault.code}: {fault.message}", retry=False) from fault


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _raise_for_status(page: Page, what: str) -> None:
    if 200 <= page.status < 300:
        return
    retry = page.status >= 500 or page.status == 429
    raise DeliveryError(f"{what} answered {page.status}.", retry=retry)


def send_due(*, now: datetime) -> int:
    """Record the links of posts published within ``NEW_POST_WINDOW`` (scheduled posts whose time came too), then
    try every row that is due; returns how many were sent."""
    if not settings.CONFIG.send_mentions:
        return 0
    for post in Post.objects.published(now).filter(published_at__gte=now - NEW_POST_WINDOW):
        record_links(post, now=now)
    return sum(send_mention(outgoing, now=now).status == OutgoingStatus.SENT for outgoing in due_mentions(now))
