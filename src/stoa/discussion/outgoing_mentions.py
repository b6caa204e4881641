"""Telling the pages a newly published post links to: discover each page's endpoint, send, and retry.

Discovery follows the Webmention spec (an HTTP ``Link: <…>; rel="webmention"`` header first, then the first
``<link>`` or ``<a>`` with ``rel="webmention"`` in the HTML, relative URLs resolved against the page's address
after redirects), then Pingback (an ``X-Pingback`` header, then ``<link rel="pingback">``). Every request goes
through ``mention_fetch`` (limits and the SSRF guard), since a post can link anywhere.

Each link is one ``OutgoingMention`` row, so it is told once however often the post is saved. A try that fails
for a reason that may pass (no answer, a 5xx or 429) is retried: ``MAX_ATTEMPTS`` tries in all, ``BACKOFF`` apart;
a refusal (a 4xx, a private address, a Pingback fault) is final.

Each try first claims its row with a conditional UPDATE (``claim``: its ``next_attempt_at`` moves ``CLAIM`` ahead
while it is tried), so two ``stoa tick`` runs, or a tick and a worker, never send the same mention twice. An error
on our side while trying one row is recorded on that row, like a failure that may pass, and the next row is tried.
"""

from __future__ import annotations

import logging
import re
import xmlrpc.client
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet

from stoa.blog.models import Post, PostStatus
from stoa.discussion.mention_fetch import FetchFailed, FetchRefused, Page, fetch
from stoa.discussion.mention_sources import PageLink, join_url, page_links, split_url
from stoa.discussion.models import OutgoingMention, OutgoingStatus
from stoa.discussion.pingbacks import ALREADY_REGISTERED, PingbackFault, parse_response

MAX_ATTEMPTS = 3
BACKOFF = (timedelta(minutes=5), timedelta(minutes=30))  # the wait after the first and the second failed try
NEW_POST_WINDOW = timedelta(days=2)  # "newly published": an imported or long-published post pings nobody
MAX_LINKS = 50
CLAIM = timedelta(minutes=10)  # a try that takes longer (a crash) lets the row be tried again
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[^;,]*)*)")
_REL_PARAM = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)


logger = logging.getLogger(__name__)


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
    own = split_url(settings.CONFIG.site_url).netloc.lower()
    links, base = page_links(post.body_html, post_url(post))
    found: list[str] = []
    for link in links:
        url = (join_url(base, link.url) or "").split("#", 1)[0]
        parts = split_url(url) if link.tag == "a" else None  # None too for a malformed address: skipped
        if parts and parts.scheme in ("http", "https") and parts.netloc.lower() != own and url not in found:
            found.append(url)
    return [url for url in found if len(url) <= 500][:MAX_LINKS]


def record_links(post: Post, *, now: datetime) -> list[OutgoingMention]:
    """One row per link not told yet (one query to see which are new, one to add them); the post's rows due now
    (new ones, and earlier ones waiting for a retry)."""
    targets = outbound_links(post)
    known = set(OutgoingMention.objects.filter(post=post, target__in=targets).values_list("target", flat=True))
    new = [
        OutgoingMention(post=post, target=target, created_at=now, next_attempt_at=now)
        for target in targets
        if target not in known
    ]
    OutgoingMention.objects.bulk_create(new, ignore_conflicts=True)  # a concurrent save added it: already told
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


def claim(outgoing: OutgoingMention, *, now: datetime) -> bool:
    """Take a due row for one try, if it is still as it was read (pending, due, the same number of tries): a
    conditional UPDATE, so of two processes only one gets it."""
    taken = OutgoingMention.objects.filter(
        pk=outgoing.pk, status=OutgoingStatus.PENDING, attempts=outgoing.attempts, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM)
    return taken == 1


def try_due(outgoing: OutgoingMention, *, now: datetime) -> OutgoingMention | None:
    """Claim the row and try it; ``None`` if another process has it. An error on our side is recorded on the row
    (retried like a failure that may pass, then failed) and logged, never raised."""
    if not claim(outgoing, now=now):
        return None
    try:
        return send_mention(outgoing, now=now)
    except Exception as error:  # noqa: BLE001 - one bad row must not stop the others; logged with its traceback
        logger.exception("Sending mention %s failed.", outgoing.pk)
        outgoing.attempts = max(outgoing.attempts, 1)
        message = f"Could not be sent (an error on this site: {type(error).__name__})."
        if outgoing.attempts < MAX_ATTEMPTS:
            outgoing.next_attempt_at = now + BACKOFF[outgoing.attempts - 1]
            return _record(outgoing, OutgoingStatus.PENDING, message)
        return _record(outgoing, OutgoingStatus.FAILED, message)


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
    if in_header is not None and (joined := join_url(page.url, in_header)):
        return joined
    in_html = (link for link in links if link.tag in ("link", "a") and "webmention" in link.rel)
    return next((joined for link in in_html if (joined := join_url(base, link.url))), None)


def _pingback_endpoint(page: Page, links: list[PageLink], base: str) -> str | None:
    """The ``X-Pingback`` header first, then ``<link rel="pingback">``."""
    header = page.headers.get("x-pingback", "").strip()
    if header and (joined := join_url(page.url, header)):
        return joined
    in_html = (link for link in links if link.tag == "link" and "pingback" in link.rel and link.url)
    return next((joined for link in in_html if (joined := join_url(base, link.url))), None)


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
    try every row that is due, each claimed first; returns how many were sent. One post or row that fails on our
    side is logged (and the row marked) and the others still go."""
    if not settings.CONFIG.send_mentions:
        return 0
    for post in Post.objects.published(now).filter(published_at__gte=now - NEW_POST_WINDOW):
        try:
            record_links(post, now=now)
        except Exception:  # noqa: BLE001 - the other posts' links still go; logged with its traceback
            logger.exception("Recording the links of post %s failed.", post.pk)
    sent = 0
    for outgoing in list(due_mentions(now)):
        tried = try_due(outgoing, now=now)
        sent += tried is not None and tried.status == OutgoingStatus.SENT
    return sent
