"""The fetcher behind mentions: the SSRF guard (with the default settings) and the limits (against a real server)."""

from __future__ import annotations

import socket
import time

import pytest

from stoa.discussion import mention_fetch
from stoa.discussion.mention_fetch import FetchFailed, FetchRefused, fetch, is_public_address

from .mention_peer import Answer


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.8.9.10:8000/admin/",
        "http://10.0.0.5/",
        "http://172.16.3.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://localhost/",
        "http://localhost.:8000/",
        "http://blog.localhost/",
        "http://site.internal/",
    ],
)
def test_private_loopback_and_link_local_targets_are_refused_by_default(url, settings) -> None:
    assert settings.CONFIG.outbound_allow_private is False
    with pytest.raises(FetchRefused):
        fetch(url)


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001", "0177.0.0.1"])
def test_names_that_resolve_to_loopback_are_refused(host, settings) -> None:
    """The check is on the addresses a name resolves to, not on how it is written."""
    assert settings.CONFIG.outbound_allow_private is False
    with pytest.raises(FetchRefused, match=r"is not a public address\.$") as refused:
        fetch(f"http://{host}/")
    assert "127.0.0.1" not in str(refused.value)  # what it resolves to stays in the log, not in the answer


def test_a_real_server_on_loopback_sees_no_request_with_the_default_setting(peer, settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=False)
    url = peer.page("/secret", "internal data")
    with pytest.raises(FetchRefused):
        fetch(url)
    assert peer.requests == []


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::6810:84e5", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 around 10.0.0.1
        ("192.0.2.1", False),  # documentation
        ("240.0.0.1", False),  # reserved
        ("::7f00:1", False),  # IPv4-compatible ::127.0.0.1
        ("::808:808", False),  # IPv4-compatible ::8.8.8.8: a deprecated form, refused whatever it wraps
        ("fec0::1", False),  # site-local
        ("5f00::1", False),  # reserved
    ],
)
def test_public_addresses(address, public) -> None:
    assert is_public_address(address) is public


def test_other_schemes_are_refused(settings) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/", "gopher://example.org/", "http:///nohost"):
        with pytest.raises(FetchRefused):
            fetch(url)


def test_the_host_name_is_sent_while_the_checked_address_is_used(peer) -> None:
    url = peer.page("/page", "hello").replace("127.0.0.1", "localhost")
    page = fetch(url)
    assert (page.status, page.body) == (200, b"hello")
    assert peer.requests[0].headers["Host"] == f"localhost:{peer.port}"


def test_redirects_are_followed_and_each_location_is_checked_again(peer) -> None:
    peer.page("/old", status=301, headers={"Location": "/new"})
    peer.page("/new", "moved here")
    assert fetch(peer.url("/old")).body == b"moved here"

    peer.page("/sneaky", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchRefused):
        fetch(peer.url("/sneaky"))


def test_more_than_ten_redirects_are_refused(peer) -> None:
    for hop in range(12):
        peer.page(f"/r{hop}", status=302, headers={"Location": f"/r{hop + 1}"})
    peer.page("/r12", "the end")
    with pytest.raises(FetchRefused, match="More than 10 redirects"):
        fetch(peer.url("/r0"))
    assert len(peer.requests) == 11  # the first request and ten redirects


def test_ten_redirects_are_followed(peer) -> None:
    for hop in range(10):
        peer.page(f"/r{hop}", status=302, headers={"Location": f"/r{hop + 1}"})
    peer.page("/r10", "the end")
    assert fetch(peer.url("/r0")).body == b"the end"


def test_a_body_over_one_megabyte_is_refused(peer) -> None:
    peer.page("/big", b"x" * (1024 * 1024 + 1))
    with pytest.raises(FetchRefused, match="larger than 1024 KB"):
        fetch(peer.url("/big"))
    peer.page("/fits", b"x" * (1024 * 1024))
    assert len(fetch(peer.url("/fits")).body) == 1024 * 1024


def test_a_slow_server_is_given_up_on(peer, monkeypatch) -> None:
    def slow(received):
        time.sleep(0.6)
        return Answer(body="late")

    monkeypatch.setattr(mention_fetch, "TIMEOUT_SECONDS", 0.3)
    peer.pages["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(FetchFailed):
        fetch(peer.url("/slow"))
    assert time.monotonic() - started < 0.6


def test_an_unreachable_host_is_a_failure_not_a_crash(settings) -> None:
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=True)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(FetchFailed):
        fetch(f"http://127.0.0.1:{port}/")
