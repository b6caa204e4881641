"""Mentions against hostile input: pages built to be slow, malformed URLs, duplicates, floods, internal addresses,
work that must not run in a request, refusals, and two ticks at once."""

from __future__ import annotations

import socket
import xmlrpc.client

import pytest
from django.tasks import task_backends
from django.test import Client
from django.utils import timezone

from stoa import tick
from stoa.discussion import mention_fetch, mention_views, outgoing_mentions, pingbacks, received_mentions, tasks
from stoa.discussion.mention_fetch import FetchRefused, Page, check_url, fetch
from stoa.discussion.mention_sources import MAX_DEPTH, links_to, page_links, source_entry
from stoa.discussion.models import Comment, IncomingMention, MentionStatus, OutgoingMention, OutgoingStatus
from stoa.discussion.outgoing_mentions import CLAIM, claim, discover_endpoint, outbound_links, send_due, try_due
from stoa.discussion.received_mentions import claim_queued, verify_queued
from stoa.moderation.decisions import Status
from stoa.moderation.models import WordRule

from .mention_peer import entry_page

pytestmark = pytest.mark.usefixtures("fresh_mention_counters")

MEGABYTE = 1024 * 1024
BAD_URL = "http://[abc/"  # urljoin and urlsplit raise ValueError("Invalid IPv6 URL")


@pytest.fixture
def banned_word(db) -> str:
    WordRule.objects.create(phrase="cheap pills", action=WordRule.Action.BAN)
    return "Cheap pills, anyone?"


def html_page(body: str | bytes, url: str = "http://source.example.org/note") -> Page:
    content = body.encode() if isinstance(body, str) else body
    return Page(url=url, status=200, headers={"content-type": "text/html; charset=utf-8"}, body=content)


def webmention(client, source: str, target: str, **extra):
    return client.post("/webmention/", {"source": source, "target": target}, **extra)


def ping(client, source: str, target: str):
    response = client.post("/xmlrpc/", xmlrpc.client.dumps((source, target), "pingback.ping"), content_type="text/xml")
    assert response.status_code == 200
    try:
        return xmlrpc.client.loads(response.content)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault


# 1. Reading a page costs time in proportion to its size, whatever it holds.


def test_a_megabyte_of_unclosed_title_tags_reads_as_an_empty_page() -> None:
    """``<title`` a million times over: the old regular expression (and ``HTMLParser.close()``, and mf2py's
    tokeniser) took minutes on it. Read in one linear pass, it is simply a page without a title or links."""
    page = html_page(b"<title" * (MEGABYTE // 6))

    assert source_entry(page).content == ""
    assert page_links(page.text, page.url) == ([], page.url)
    assert links_to(page, "http://testserver/2026/01/02/hello/") is False


@pytest.mark.parametrize(
    "hostile",
    [
        "<!--x>" * 20_000,  # comments that never close
        "</x" * 20_000,  # end tags that never close
        "<a b='" * 20_000,  # attributes that never close
        "<" + "a" * 200_000 + ">",  # one very long tag name
    ],
)
def test_other_unfinished_markup_is_read_quickly_and_the_entry_before_it_is_kept(hostile) -> None:
    page = html_page(entry_page("http://testserver/p/", "Before the junk.") + hostile)

    assert source_entry(page).content.startswith("Before the junk.")
    assert links_to(page, "http://testserver/p/")


def test_markup_nested_past_the_limit_is_read_without_recursing_to_death() -> None:
    """mf2py recurses once per element: 20,000 nested elements raised RecursionError out of verification."""
    nested = '<div class="h-entry">' * 20_000
    page = html_page(f'{entry_page("http://testserver/p/", "On top.")}{nested}<a href="http://testserver/p/">x</a>')

    assert source_entry(page).content.startswith("On top.")
    assert links_to(page, "http://testserver/p/")  # the link deep inside still counts
    assert MAX_DEPTH < 20_000


# 2. Malformed URLs are refused or skipped, never raised.


@pytest.mark.parametrize("url", [BAD_URL, "http://a\x00b.org/", "http://[v1.x]/", "http://exa mple.org/"])
def test_check_url_refuses_a_malformed_address(url) -> None:
    with pytest.raises(FetchRefused, match="not a valid URL"):
        check_url(url)


def test_a_redirect_to_a_malformed_location_is_refused(peer) -> None:
    peer.page("/bounce", status=302, headers={"Location": BAD_URL})
    with pytest.raises(FetchRefused, match="redirect location is not a valid URL"):
        fetch(peer.url("/bounce"))


@pytest.mark.parametrize(
    ("html", "headers"),
    [
        ("<p>no endpoint in the page</p>", {"Link": f'<{BAD_URL}>; rel="webmention"'}),
        (f'<link rel="webmention" href="{BAD_URL}">', {}),
        (f'<base href="{BAD_URL}"><link rel="webmention" href="/wm">', {}),
        ("<p>old</p>", {"X-Pingback": BAD_URL}),
        (f'<link rel="pingback" href="{BAD_URL}">', {}),
    ],
)
def test_a_malformed_endpoint_is_no_endpoint(peer, html, headers) -> None:
    page = peer.page("/article", html, headers=headers)
    endpoint = discover_endpoint(page)
    assert endpoint is None or endpoint.url == peer.url("/wm")  # an invalid <base> is ignored, not raised


def test_a_malformed_endpoint_is_passed_over_for_a_valid_one(peer) -> None:
    page = peer.page(
        "/article",
        f'<link rel="webmention" href="{BAD_URL}"><link rel="webmention" href="/good">',
        headers={"Link": f'<{BAD_URL}>; rel="webmention"'},
    )
    assert discover_endpoint(page).url == peer.url("/good")


def test_a_malformed_link_in_a_post_is_left_out(make_post, settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(site_url="https://blog.example")
    post = make_post("Links")
    post.body_html = f'<a href="{BAD_URL}">bad</a> and <a href="https://other.example.org/ok">ok</a>'
    assert outbound_links(post) == ["https://other.example.org/ok"]


def test_a_malformed_link_or_base_in_a_source_does_not_stop_the_check(target) -> None:
    page = html_page(f'<a href="{BAD_URL}">bad</a><a href="{target}">good</a>')
    assert links_to(page, target)
    assert links_to(html_page(f'<base href="{BAD_URL}"><a href="{target}">good</a>'), target)


@pytest.mark.parametrize(
    ("source", "bad_target"),
    [(BAD_URL, False), ("http://a\x00b.org/", False), ("http://source.example.org/", True)],
)
def test_the_webmention_endpoint_answers_400_to_a_malformed_url(client, target, source, bad_target) -> None:
    response = webmention(client, source, BAD_URL if bad_target else target)
    assert response.status_code == 400
    assert response.json()["error"] == ("target_unknown" if bad_target else "source")
    assert not IncomingMention.objects.exists()


@pytest.mark.parametrize(("source", "bad_target", "code"), [(BAD_URL, False, 0x10), ("http://a.org/", True, 0x20)])
def test_the_pingback_endpoint_answers_a_fault_to_a_malformed_url(client, target, source, bad_target, code) -> None:
    assert ping(client, source, BAD_URL if bad_target else target).faultCode == code


def test_one_row_that_breaks_does_not_stop_the_others(peer, make_post, monkeypatch, clock) -> None:
    peer.page("/endpoint", "Accepted", status=202, content_type="text/plain")
    broken = peer.page("/broken", '<link rel="webmention" href="/endpoint">')
    fine = peer.page("/fine", '<link rel="webmention" href="/endpoint">')
    post = make_post("Two links", body=f"[broken]({broken}) and [fine]({fine})")
    outgoing_mentions.record_links(post, now=clock.now)
    discover = outgoing_mentions.discover_endpoint

    def discover_or_break(url: str):
        if url == broken:
            raise RuntimeError("a bug on our side")
        return discover(url)

    monkeypatch.setattr(outgoing_mentions, "discover_endpoint", discover_or_break)

    assert send_due(now=clock.now) == 1

    failed, sent = OutgoingMention.objects.get(target=broken), OutgoingMention.objects.get(target=fine)
    assert sent.status == OutgoingStatus.SENT
    assert (failed.status, failed.attempts) == (OutgoingStatus.PENDING, 1)  # tried again later, like any failure
    assert failed.last_error == "Could not be sent (an error on this site: RuntimeError)."


# 3. One mention per source and post; long URLs refused; a limit per client address.


def test_targets_that_differ_only_by_fragment_or_query_are_one_mention(
    client, peer, target, publish_mentions, clock
) -> None:
    source = peer.page("/note", entry_page(target))
    for variant in (f"{target}#1", f"{target}#2", f"{target}?utm_source=x", target):
        assert webmention(client, f"{source}#{variant[-1]}", variant).status_code == 202
        verify_queued(now=clock.tick())

    assert IncomingMention.objects.count() == 1 and Comment.objects.count() == 1
    mention = IncomingMention.objects.get()
    assert (mention.source, mention.status) == (source, MentionStatus.VERIFIED)
    assert Comment.objects.get().status == Status.PUBLISHED  # ?utm_source=x did not remove it: the source links here


def test_the_same_post_by_its_public_address_is_the_same_mention(client, peer, post, target, settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(site_url="https://blog.example")
    source = peer.page("/note", entry_page(target))
    webmention(client, source, target)
    webmention(client, source, f"https://blog.example{post.get_absolute_url()}")
    assert IncomingMention.objects.count() == 1


@pytest.mark.parametrize(("long_source", "error"), [(True, "source"), (False, "target_unknown")])
def test_a_url_over_500_characters_is_a_400(client, peer, target, long_source, error) -> None:
    """Stored, it would not fit its column: PostgreSQL would answer a DataError (a 500)."""
    padding = "?" + "x" * 500
    source, sent_target = (
        (peer.url("/note" + padding), target) if long_source else (peer.url("/note"), target + padding)
    )

    response = webmention(client, source, sent_target)

    assert response.status_code == 400
    assert response.json()["error"] == error and "500 characters" in response.json()["detail"]
    assert not IncomingMention.objects.exists()


def test_one_address_may_send_only_so_many_mentions_a_minute(client, peer, target, settings, monkeypatch) -> None:
    settings.CONFIG = settings.CONFIG.replace(mentions_per_minute=2)
    monkeypatch.setattr(mention_views.time, "time", lambda: 1_800_000_000.0 + 45)  # 15 s left in the window
    source = peer.page("/note", entry_page(target))

    assert webmention(client, source, target).status_code == 202
    assert webmention(client, "not a url", target).status_code == 400  # refused ones count too
    refused = webmention(client, source, target)
    fault = ping(client, source, target)  # both endpoints share the count

    assert refused.status_code == 429 and refused["Retry-After"] == "15"
    assert refused.json()["error"] == "too_many"
    assert fault.faultCode == 0x31 and "2 mention(s) a minute" in fault.faultString
    other = webmention(Client(REMOTE_ADDR="192.0.2.7"), source, target)
    assert other.status_code == 202  # another address has its own count
    assert IncomingMention.objects.count() == 1


# 4. What an internal address resolves to stays in the log.


@pytest.fixture
def internal_host(monkeypatch) -> str:
    """A public-looking name that resolves to a private address (as split-horizon DNS would)."""
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "wiki.acme-corp.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(mention_fetch.socket, "getaddrinfo", resolve)
    return "wiki.acme-corp.com"


def test_a_refusal_names_the_host_but_not_the_address_it_resolves_to(internal_host, caplog) -> None:
    with pytest.raises(FetchRefused) as refused:
        fetch(f"http://{internal_host}/")
    assert str(refused.value) == "wiki.acme-corp.com is not a public address."
    assert "10.0.0.5" in caplog.text  # for the site's operator


def test_the_status_page_and_pingback_faults_do_not_tell_internal_addresses(
    client, internal_host, target, clock
) -> None:
    source = f"http://{internal_host}/note"
    location = webmention(client, source, target)["Location"]
    verify_queued(now=clock.now)
    status = Client().get(location).json()
    fault = ping(client, source + "2", target)

    assert status["status"] == "failed" and "not a public address" in status["detail"]
    assert fault.faultCode == 0x31
    assert "10.0.0.5" not in status["detail"] and "10.0.0.5" not in fault.faultString


# 5. Work that fetches other sites never runs in the request (immediate backend), and a queue backend gets tasks.


def test_a_webmention_is_verified_by_the_tick_not_in_the_request(
    client, peer, target, django_capture_on_commit_callbacks, clock, publish_mentions
) -> None:
    source = peer.page("/note", entry_page(target))
    with django_capture_on_commit_callbacks(execute=True):
        assert webmention(client, source, target).status_code == 202

    assert IncomingMention.objects.get().status == MentionStatus.QUEUED and peer.requests == []
    assert tick.send_due_mentions(clock.now) == "0 mentions sent; 1 received mention checked"
    assert IncomingMention.objects.get().status == MentionStatus.VERIFIED
    assert tick.send_due_mentions(clock.tick()) == "0 mentions sent"


def test_publishing_records_the_links_and_the_tick_sends_them(
    peer, make_post, django_capture_on_commit_callbacks, clock
) -> None:
    peer.page("/endpoint", "Accepted", status=202, content_type="text/plain")
    article = peer.page("/article", '<link rel="webmention" href="/endpoint">')
    with django_capture_on_commit_callbacks(execute=True):
        make_post("Linking", body=f"[a]({article})")

    assert peer.requests == [] and OutgoingMention.objects.get().status == OutgoingStatus.PENDING
    assert tick.send_due_mentions(timezone.now()) == "1 mention sent"
    assert len(peer.requests_to("/endpoint")) == 1


def test_with_a_queue_backend_both_are_enqueued(
    client, peer, target, make_post, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    assert not tasks.runs_in_process()
    with django_capture_on_commit_callbacks(execute=True):
        webmention(client, peer.page("/note", entry_page(target)), target)
        post = make_post("Linking", body=f"[a]({peer.url('/article')})")

    enqueued = [(result.task.name, list(result.args)) for result in task_backends["default"].results]
    assert enqueued == [
        ("verify_incoming_mention", [IncomingMention.objects.get().pk]),
        ("send_post_mentions", [post.pk]),
    ]
    assert peer.requests == []


def test_the_verification_task_verifies_a_queued_mention_once(peer, client, target, clock) -> None:
    webmention(client, peer.page("/note", entry_page(target)), target)
    mention_id = IncomingMention.objects.get().pk

    assert tasks.verify_incoming_mention.call(mention_id) == MentionStatus.VERIFIED
    assert tasks.verify_incoming_mention.call(mention_id) == "not queued"
    assert len(peer.requests) == 1


def test_the_sending_task_sends_each_link_once(peer, make_post) -> None:
    peer.page("/endpoint", "Accepted", status=202, content_type="text/plain")
    post = make_post("Task", body=f"[a]({peer.page('/article', '<link rel=webmention href=/endpoint>')})")

    assert tasks.send_post_mentions.call(post.pk) == 1
    assert tasks.send_post_mentions.call(post.pk) == 0
    assert len(peer.requests_to("/endpoint")) == 1


# 6. A mention moderation rejects is refused, not "waiting for a moderator".


def test_a_mention_with_a_banned_word_is_refused(client, peer, target, clock, banned_word) -> None:
    source = peer.page("/note", entry_page(target, banned_word))
    location = webmention(client, source, target)["Location"]
    verify_queued(now=clock.now)

    mention = IncomingMention.objects.get()
    assert (mention.status, mention.detail) == (MentionStatus.REFUSED, "Refused by moderation.")
    assert mention.comment.status == Status.REJECTED
    assert Client().get(location).json()["status"] == "refused"


def test_a_pingback_with_a_banned_word_is_access_denied(client, peer, target, banned_word) -> None:
    fault = ping(client, peer.page("/note", entry_page(target, banned_word)), target)
    assert (fault.faultCode, fault.faultString) == (0x31, "Refused by moderation.")


# 7. Two ticks (or a tick and a worker) at once send and verify each mention once.


def test_a_due_row_is_claimed_by_one_process_only(peer, make_post, clock) -> None:
    peer.page("/endpoint", "Accepted", status=202, content_type="text/plain")
    article = peer.page("/article", '<link rel="webmention" href="/endpoint">')
    outgoing_mentions.record_links(make_post("Claimed", body=f"[a]({article})"), now=clock.now)
    first, second = OutgoingMention.objects.get(), OutgoingMention.objects.get()  # both ticks read the row

    assert claim(first, now=clock.now) is True
    assert claim(second, now=clock.now) is False
    assert try_due(second, now=clock.now) is None and peer.requests == []
    assert send_due(now=clock.now) == 0  # still claimed
    assert send_due(now=clock.now + CLAIM) == 1  # a claim whose holder never finished lapses


def test_a_second_tick_while_the_first_is_sending_sends_nothing(peer, make_post, monkeypatch, clock) -> None:
    peer.page("/endpoint", "Accepted", status=202, content_type="text/plain")
    article = peer.page("/article", '<link rel="webmention" href="/endpoint">')
    outgoing_mentions.record_links(make_post("Racing", body=f"[a]({article})"), now=clock.now)
    discover, second_tick = outgoing_mentions.discover_endpoint, []

    def discover_while_another_tick_runs(url: str):
        second_tick.append(send_due(now=clock.now))
        return discover(url)

    monkeypatch.setattr(outgoing_mentions, "discover_endpoint", discover_while_another_tick_runs)

    assert send_due(now=clock.now) == 1
    assert second_tick == [0]
    assert len(peer.requests_to("/endpoint")) == 1


def test_a_queued_mention_is_claimed_by_one_verifier_only(client, peer, target, clock) -> None:
    webmention(client, peer.page("/note", entry_page(target)), target)
    mention_id = IncomingMention.objects.get().pk

    assert claim_queued(mention_id, now=clock.now) is not None
    assert claim_queued(mention_id, now=clock.now) is None
    assert verify_queued(now=clock.now) == 0 and peer.requests == []
    assert verify_queued(now=clock.now + received_mentions.CLAIM) == 1


# 8. A pingback is checked once.


def test_a_pingback_checks_the_mention_once(client, peer, target, monkeypatch) -> None:
    calls = []
    check = pingbacks.check_mention
    monkeypatch.setattr(
        pingbacks, "check_mention", lambda *args, **kwargs: calls.append(args) or check(*args, **kwargs)
    )
    monkeypatch.setattr(received_mentions, "check_mention", pingbacks.check_mention)

    assert ping(client, peer.page("/note", entry_page(target)), target).endswith("registered. Thank you.")
    assert len(calls) == 1


def test_a_verification_that_breaks_on_our_side_marks_the_mention_and_goes_on(
    client, peer, post, target, make_post, monkeypatch, clock
) -> None:
    other = make_post("Another")
    other_target = f"http://testserver{other.get_absolute_url()}"
    webmention(client, peer.page("/one", entry_page(target)), target)
    webmention(client, peer.page("/two", entry_page(other_target)), other_target)
    show = received_mentions.show_mention

    def show_or_break(mention, entry, *, now):
        if mention.post_id != other.pk:
            raise RuntimeError("a bug on our side")
        return show(mention, entry, now=now)

    monkeypatch.setattr(received_mentions, "show_mention", show_or_break)

    assert verify_queued(now=clock.now) == 2
    statuses = dict(IncomingMention.objects.values_list("post_id", "status"))
    assert statuses == {post.pk: MentionStatus.FAILED, other.pk: MentionStatus.VERIFIED}
    assert IncomingMention.objects.get(post=post).detail == "The source could not be checked (an error on this site)."
