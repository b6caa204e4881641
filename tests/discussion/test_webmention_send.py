"""Sending Webmentions and Pingbacks for the links in a newly published post, to a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import io
import urllib.parse
import xmlrpc.client
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import timezone

from stoa.blog.models import PostStatus
from stoa.discussion import outgoing_mentions
from stoa.discussion.mention_fetch import FetchRefused
from stoa.discussion.models import OutgoingMention, OutgoingStatus
from stoa.discussion.outgoing_mentions import BACKOFF, Endpoint, discover_endpoint, send_due

from .mention_peer import Answer, PeerSite, running_peer


@pytest.fixture
def peer(settings) -> Iterator[PeerSite]:
    settings.CONFIG = settings.CONFIG.replace(site_url="https://blog.example")
    yield from running_peer(settings)


def form(received) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(received.body.decode()))


# Discovery, as the Webmention spec orders it.


def test_an_http_link_header_is_found_first(peer) -> None:
    target = peer.page(
        "/article",
        '<link rel="webmention" href="/from-html">',
        headers={"Link": '<https://other.example/x>; rel="other", </endpoint?a=1>; rel="webmention"'},
    )
    assert discover_endpoint(target) == Endpoint("webmention", peer.url("/endpoint?a=1"))


@pytest.mark.parametrize(
    ("header", "endpoint"),
    [
        ("<http://127.0.0.1:{port}/absolute>; rel=webmention", "/absolute"),
        ('<relative/endpoint>; rel="webmention somethingelse"', "/blog/relative/endpoint"),
        ('<https://other.example/a>; rel="not-webmention", </second>; rel="webmention"', "/second"),
    ],
)
def test_link_header_forms(peer, header, endpoint) -> None:
    target = peer.page("/blog/post", "<p>no html endpoint</p>", headers={"Link": header.format(port=peer.port)})
    assert discover_endpoint(target).url == peer.url(endpoint)


@pytest.mark.parametrize(
    ("html", "endpoint"),
    [
        ('<link rel="webmention" href="/wm-link">', "/wm-link"),
        ('<p><a rel="webmention" href="wm-a">send mentions here</a></p>', "/blog/wm-a"),
        ('<a rel="nofollow webmention" href="/first"></a><link rel="webmention" href="/second">', "/first"),
        ('<!-- <link rel="webmention" href="/commented"> --><link rel="webmention" href="/real">', "/real"),
        ('<link rel="webmention" href="">', "/blog/post"),
        ('<base href="/base/"><link rel="webmention" href="wm">', "/base/wm"),
    ],
)
def test_html_links_and_anchors(peer, html, endpoint) -> None:
    assert discover_endpoint(peer.page("/blog/post", html)) == Endpoint("webmention", peer.url(endpoint))


def test_a_relative_endpoint_resolves_against_the_page_after_redirects(peer) -> None:
    peer.page("/old/post", status=301, headers={"Location": "/new/place/post"})
    peer.page("/new/place/post", '<link rel="webmention" href="endpoint">')
    assert discover_endpoint(peer.url("/old/post")).url == peer.url("/new/place/endpoint")


def test_pingback_is_the_fallback(peer) -> None:
    by_header = peer.page("/a", "<p>old blog</p>", headers={"X-Pingback": peer.url("/xmlrpc.php")})
    by_link = peer.page("/b", '<link rel="pingback" href="/xmlrpc.php">')
    both = peer.page("/c", '<link rel="pingback" href="/xmlrpc.php"><link rel="webmention" href="/wm">')

    assert discover_endpoint(by_header) == Endpoint("pingback", peer.url("/xmlrpc.php"))
    assert discover_endpoint(by_link) == Endpoint("pingback", peer.url("/xmlrpc.php"))
    assert discover_endpoint(both).protocol == "webmention"
    assert discover_endpoint(peer.page("/d", "<p>nothing</p>")) is None


# Sending on publication.


def webmention_receiver(peer: PeerSite, path: str = "/article") -> str:
    """A page with a Webmention endpoint that accepts (202)."""
    peer.page("/endpoint", "Accepted", status=202, content_type="text/plain")
    return peer.page(path, '<link rel="webmention" href="/endpoint"><h1>An article</h1>')


def test_publishing_a_post_sends_a_webmention_to_each_linked_page(
    peer, make_post, django_capture_on_commit_callbacks
) -> None:
    article = webmention_receiver(peer)
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post("Linking out", body=f"I read [this article]({article}) and [our own](/about/) page.")
    assert peer.requests == []  # publishing only records the link (immediate backend): nothing sent in the request
    assert OutgoingMention.objects.get().status == OutgoingStatus.PENDING

    assert send_due(now=timezone.now()) == 1  # what stoa tick does

    sent = peer.requests_to("/endpoint")
    assert len(sent) == 1 and sent[0].method == "POST"
    assert sent[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form(sent[0]) == {"source": f"https://blog.example{post.get_absolute_url()}", "target": article}
    outgoing = OutgoingMention.objects.get()
    assert (outgoing.status, outgoing.protocol, outgoing.attempts) == (OutgoingStatus.SENT, "webmention", 1)


def test_saving_the_post_again_sends_only_new_links(peer, make_post, django_capture_on_commit_callbacks) -> None:
    first = webmention_receiver(peer, "/first")
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post("Linking out", body=f"[One]({first}).")
    send_due(now=timezone.now())
    second = webmention_receiver(peer, "/second")
    with django_capture_on_commit_callbacks(execute=True):
        post.body = f"[One]({first}) and [two]({second})."
        post.save()
    send_due(now=timezone.now())

    assert [form(r)["target"] for r in peer.requests_to("/endpoint")] == [first, second]


def test_drafts_and_old_posts_send_nothing(peer, make_post, django_capture_on_commit_callbacks) -> None:
    article = webmention_receiver(peer)
    with django_capture_on_commit_callbacks(execute=True):
        make_post("Draft", body=f"[x]({article})", status=PostStatus.DRAFT)
        make_post("Imported", body=f"[x]({article})", published_at=timezone.now() - dt.timedelta(days=30))
        make_post("Scheduled", body=f"[x]({article})", published_at=timezone.now() + dt.timedelta(days=1))
    send_due(now=timezone.now())

    assert peer.requests == [] and not OutgoingMention.objects.exists()


def test_sending_can_be_switched_off(peer, make_post, settings, django_capture_on_commit_callbacks) -> None:
    settings.CONFIG = settings.CONFIG.replace(send_mentions=False)
    article = webmention_receiver(peer)
    with django_capture_on_commit_callbacks(execute=True):
        make_post("Quiet", body=f"[x]({article})")
    send_due(now=timezone.now())
    assert peer.requests == []


def test_a_scheduled_post_is_sent_by_the_command_once_its_time_comes(peer, make_post) -> None:
    article = webmention_receiver(peer)
    post = make_post("Later", body=f"[x]({article})", published_at=timezone.now() + dt.timedelta(hours=1))
    assert send_due(now=timezone.now()) == 0

    post.published_at = timezone.now() - dt.timedelta(minutes=1)
    post.save()
    output = io.StringIO()
    call_command("send_mentions", stdout=output)

    assert len(peer.requests_to("/endpoint")) == 1
    assert output.getvalue() == "1 mention(s) sent.\n"


def test_a_pingback_is_sent_where_only_pingback_is_offered(peer, make_post, django_capture_on_commit_callbacks) -> None:
    calls = []

    def xmlrpc_endpoint(received):
        calls.append(xmlrpc.client.loads(received.body))
        return Answer(body=xmlrpc.client.dumps(("Registered",), methodresponse=True), content_type="text/xml")

    peer.pages["/xmlrpc.php"] = xmlrpc_endpoint
    article = peer.page("/old-blog", "<p>old</p>", headers={"X-Pingback": peer.url("/xmlrpc.php")})
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post("Pinging", body=f"[old]({article})")
    send_due(now=timezone.now())

    assert calls == [((f"https://blog.example{post.get_absolute_url()}", article), "pingback.ping")]
    assert OutgoingMention.objects.get().status == OutgoingStatus.SENT


@pytest.mark.parametrize(("code", "status"), [(0x30, OutgoingStatus.SENT), (0x11, OutgoingStatus.FAILED)])
def test_pingback_faults(peer, make_post, code, status) -> None:
    fault = xmlrpc.client.dumps(xmlrpc.client.Fault(code, "fault"), methodresponse=True)
    peer.page("/xmlrpc.php", fault, content_type="text/xml")
    article = peer.page("/old-blog", '<link rel="pingback" href="/xmlrpc.php">')
    post = make_post("Pinging", body=f"[old]({article})")

    outgoing = outgoing_mentions.record_links(post, now=timezone.now())[0]
    assert outgoing_mentions.send_mention(outgoing, now=timezone.now()).status == status


def test_a_page_without_an_endpoint_is_recorded_and_not_retried(peer, make_post) -> None:
    article = peer.page("/plain", "<p>no endpoint</p>")
    post = make_post("Linking", body=f"[plain]({article})")

    outgoing = outgoing_mentions.send_mention(
        outgoing_mentions.record_links(post, now=timezone.now())[0], now=timezone.now()
    )

    assert (outgoing.status, outgoing.next_attempt_at) == (OutgoingStatus.NO_ENDPOINT, None)


# Retries.


def test_a_failing_endpoint_is_retried_with_backoff_until_it_accepts(peer, make_post, clock) -> None:
    answers = iter([500, 503, 202])
    peer.pages["/endpoint"] = lambda received: Answer(next(answers), "", "text/plain")
    article = peer.page("/article", '<link rel="webmention" href="/endpoint">')
    post = make_post("Retrying", body=f"[a]({article})")
    start = clock.now
    outgoing_mentions.record_links(post, now=start)

    assert send_due(now=start) == 0
    first = OutgoingMention.objects.get()
    assert (first.status, first.attempts, first.next_attempt_at) == (OutgoingStatus.PENDING, 1, start + BACKOFF[0])
    assert first.last_error == "The Webmention endpoint answered 500."
    assert send_due(now=start + BACKOFF[0] - dt.timedelta(seconds=1)) == 0  # not due yet: nothing sent
    assert len(peer.requests_to("/endpoint")) == 1

    assert send_due(now=start + BACKOFF[0]) == 0
    second = OutgoingMention.objects.get()
    assert (second.attempts, second.next_attempt_at) == (2, start + BACKOFF[0] + BACKOFF[1])

    assert send_due(now=start + BACKOFF[0] + BACKOFF[1]) == 1
    sent = OutgoingMention.objects.get()
    assert (sent.status, sent.attempts, sent.next_attempt_at) == (OutgoingStatus.SENT, 3, None)
    assert len(peer.requests_to("/endpoint")) == 3


def test_after_three_failed_tries_it_gives_up(peer, make_post, clock) -> None:
    peer.page("/endpoint", "down", status=500, content_type="text/plain")
    article = peer.page("/article", '<link rel="webmention" href="/endpoint">')
    post = make_post("Giving up", body=f"[a]({article})")
    outgoing_mentions.record_links(post, now=clock.now)

    for _ in range(5):
        send_due(now=clock.tick(3600))

    outgoing = OutgoingMention.objects.get()
    assert (outgoing.status, outgoing.attempts) == (OutgoingStatus.FAILED, 3)
    assert len(peer.requests_to("/endpoint")) == 3


def test_a_refusal_is_not_retried(peer, make_post, clock) -> None:
    peer.page("/endpoint", "bad target", status=400, content_type="text/plain")
    article = peer.page("/article", '<link rel="webmention" href="/endpoint">')
    outgoing_mentions.record_links(make_post("Refused", body=f"[a]({article})"), now=clock.now)

    send_due(now=clock.now)

    assert OutgoingMention.objects.get().status == OutgoingStatus.FAILED
    assert send_due(now=clock.tick(86400)) == 0 and len(peer.requests_to("/endpoint")) == 1


def test_an_unreachable_page_is_retried(peer, make_post, clock) -> None:
    post = make_post("Unreachable", body="[a](http://127.0.0.1:9/nothing-listens)")
    outgoing_mentions.record_links(post, now=clock.now)

    send_due(now=clock.now)

    outgoing = OutgoingMention.objects.get()
    assert (outgoing.status, outgoing.attempts) == (OutgoingStatus.PENDING, 1)
    assert outgoing.last_error.startswith("127.0.0.1 could not be reached")


# The same SSRF rules for outgoing requests.


def test_links_to_private_addresses_are_never_requested_with_the_default_setting(
    peer, make_post, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=False)
    article = webmention_receiver(peer)
    links = [article, "http://169.254.169.254/latest/", "http://10.0.0.1/", "http://[::1]/", "http://intranet.example/"]
    with django_capture_on_commit_callbacks(execute=True):
        make_post("Careful", body=" ".join(f"[link {n}]({url})" for n, url in enumerate(links)))
    send_due(now=timezone.now())

    assert peer.requests == []
    outgoing = OutgoingMention.objects.all()
    assert [o.status for o in outgoing] == [OutgoingStatus.FAILED] * 5
    assert all("not a public host" in o.last_error or "is not a public address" in o.last_error for o in outgoing)


def test_an_endpoint_on_a_private_address_is_not_called(settings) -> None:
    """A public page could name an internal endpoint; the endpoint request is checked like any other."""
    assert settings.CONFIG.outbound_allow_private is False
    for url in ("http://10.1.2.3/hook", "http://127.0.0.1:8000/admin/"):
        with pytest.raises(FetchRefused, match="is not a public address"):
            outgoing_mentions.deliver(Endpoint("webmention", url), source="https://blog.example/p/", target="x")
