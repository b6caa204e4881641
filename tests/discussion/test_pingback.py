"""Receiving Pingbacks: XML-RPC ``pingback.ping`` at /xmlrpc/, with the spec's fault codes.

Calls are written and read with the standard library's ``xmlrpc.client`` (``dumps``/``loads`` through Django's
test client, and a real ``ServerProxy`` against the live server); the source is a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import xmlrpc.client

import pytest

from stoa.discussion import pingbacks
from stoa.discussion.models import Comment, CommentKind, IncomingMention, MentionStatus
from stoa.moderation.decisions import Status

from .mention_peer import entry_page

pytestmark = pytest.mark.usefixtures("fresh_mention_counters")


def ping(client, *params, method: str = "pingback.ping"):
    """Call the endpoint; the answer's value, or the ``xmlrpc.client.Fault`` it carried."""
    response = client.post("/xmlrpc/", xmlrpc.client.dumps(params, method), content_type="text/xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    try:
        return xmlrpc.client.loads(response.content)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault


def test_a_pingback_from_a_page_that_links_here_is_registered(client, peer, post, target) -> None:
    source = peer.page("/note", entry_page(target, "A pingback from the old world."))

    answer = ping(client, source, target)

    assert answer == f"Pingback from {source} to {target} registered. Thank you."
    comment = Comment.objects.get()
    assert (comment.kind, comment.source_url, comment.status) == (CommentKind.PINGBACK, source, Status.HELD)
    assert comment.body.startswith("A pingback from the old world.")
    assert IncomingMention.objects.get().status == MentionStatus.VERIFIED


def test_the_same_pingback_again_is_fault_0x30(client, peer, target) -> None:
    source = peer.page("/note", entry_page(target))
    ping(client, source, target)

    fault = ping(client, source, target)

    assert fault.faultCode == 0x30
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("page", "code"),
    [
        ({"status": 404, "body": "no"}, 0x10),
        ({"status": 410, "body": "gone"}, 0x10),
        ({"body": "<p>no link here</p>"}, 0x11),
    ],
)
def test_source_faults(client, peer, target, page, code) -> None:
    fault = ping(client, peer.page("/src", **page), target)
    assert fault.faultCode == code
    assert not Comment.objects.exists()


def test_an_unreachable_source_is_fault_0x10(client, peer, target) -> None:
    fault = ping(client, "http://127.0.0.1:9/nothing-listens", target)
    assert fault.faultCode == 0x10


def test_a_source_on_a_private_address_is_access_denied_with_the_default_setting(
    client, peer, target, settings
) -> None:
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=False)
    fault = ping(client, peer.page("/note", entry_page(target)), target)
    assert fault.faultCode == 0x31
    assert peer.requests == []


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("http://elsewhere.example/2026/01/01/x/", 0x20),
        ("http://testserver/2020/01/01/no-such-post/", 0x20),
        ("http://testserver/", 0x21),
        ("http://testserver/feed/", 0x21),
    ],
)
def test_target_faults(client, db, peer, target, code) -> None:
    fault = ping(client, peer.page("/note", entry_page(target)), target)
    assert fault.faultCode == code
    assert peer.requests == []


def test_a_source_that_is_not_a_web_address_is_fault_0x10(client, target) -> None:
    assert ping(client, "javascript:alert(1)", target).faultCode == 0x10


def test_pingbacks_switched_off_are_access_denied(client, peer, target, settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(receive_mentions=False)
    assert ping(client, peer.page("/note", entry_page(target)), target).faultCode == 0x31


def test_a_closed_thread_is_access_denied(client, peer, post, target) -> None:
    post.comments_closed = True
    post.save()
    assert ping(client, peer.page("/note", entry_page(target)), target).faultCode == 0x31


def test_other_methods_and_wrong_arguments_are_faults(client, target) -> None:
    assert ping(client, "a", "b", method="system.listMethods").faultCode == -32601
    assert ping(client, "only one").faultCode == 0
    assert ping(client, 1, 2).faultCode == 0


@pytest.mark.parametrize(
    "body",
    [
        b"not xml at all",
        b"<?xml version='1.0'?><methodCall><methodName>pingback.ping</methodName><params>",
        b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<methodCall><methodName>pingback.ping</methodName><params><param><value><string>&lol2;</string></value></param>
</params></methodCall>""",
    ],
)
def test_malformed_or_hostile_xml_is_a_generic_fault(client, body) -> None:
    response = client.post("/xmlrpc/", body, content_type="text/xml")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xmlrpc.client.loads(response.content)
    assert fault.value.faultCode == 0


def test_the_response_parser_reads_faults_and_values() -> None:
    fault = xmlrpc.client.dumps(xmlrpc.client.Fault(0x11, "no link"), methodresponse=True).encode()
    with pytest.raises(pingbacks.PingbackFault) as raised:
        pingbacks.parse_response(fault)
    assert (raised.value.code, raised.value.message) == (0x11, "no link")
    assert pingbacks.parse_response(xmlrpc.client.dumps(("ok",), methodresponse=True).encode()) == ("ok",)


@pytest.mark.django_db(transaction=True)
def test_the_standard_library_client_pings_the_live_server(live_server, peer, make_post, settings) -> None:
    post = make_post("Pinged for real")
    target = f"{live_server.url}{post.get_absolute_url()}"
    with xmlrpc.client.ServerProxy(f"{live_server.url}/xmlrpc/") as server:
        with pytest.raises(xmlrpc.client.Fault) as no_link:
            server.pingback.ping(peer.page("/empty", "<p>nothing</p>"), target)
        answer = server.pingback.ping(peer.page("/note", entry_page(target)), target)

    assert no_link.value.faultCode == 0x11
    assert answer.endswith("registered. Thank you.")
    assert Comment.objects.get(kind=CommentKind.PINGBACK).source_url == peer.url("/note")
