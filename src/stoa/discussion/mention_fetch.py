"""Requests to other sites for mentions, with limits and a guard against SSRF.

Anyone can send a Webmention, so the source URL Stoa fetches is chosen by a stranger: without a guard they could
make Stoa read its own admin port, a database on the private network or a cloud metadata service
(169.254.169.254). Every request here therefore resolves the host itself, refuses it if *any* address is not
public (private, loopback, link-local, multicast, reserved, shared, and IPv6 forms that embed such an IPv4), and
then connects to the checked address, sending the name only as ``Host`` and TLS SNI. Connecting to the address
that was checked (pinning) closes the DNS-rebinding gap of "check, then let the client resolve again". Redirects
are followed by hand, at most ten, each new location checked the same way.

Limits: 5 s for the whole exchange (connect, redirects and body), 1 MB of body, 10 redirects.
``STOA_OUTBOUND_ALLOW_PRIVATE=true`` lifts the address check, for tests and closed networks only.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

TIMEOUT_SECONDS = 5.0
MAX_BODY_BYTES = 1024 * 1024
MAX_REDIRECTS = 10
USER_AGENT = "Stoa (Webmention; +https://www.w3.org/TR/webmention/)"

_REDIRECTS = {301, 302, 303, 307, 308}
_NEVER_PUBLIC_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local", ".internal")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # the deprecated ::a.b.c.d form

logger = logging.getLogger(__name__)


class FetchRefused(Exception):
    """The request was not made (or was cut off) because it breaks a rule: scheme, address, size, redirects."""


class FetchFailed(Exception):
    """The other site could not be reached or did not answer in time."""


@dataclass(frozen=True)
class Page:
    """What a request brought back. ``url``: the address after redirects. ``headers``: lower-cased names; a
    header sent several times is joined with ", "."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = self.headers.get("content-type", "").partition("charset=")[2].strip(" \"'") or "utf-8"
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            return self.body.decode("utf-8", errors="replace")


def private_allowed() -> bool:
    return bool(settings.CONFIG.outbound_allow_private)


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local, multicast, reserved,
    site-local, ...). IPv4-compatible IPv6 (``::a.b.c.d``, deprecated) is never public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if ip.version == 6:
        if ip in _IPV4_COMPATIBLE or ip.is_site_local:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def checked_addresses(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The host's addresses, each of them checked; raises ``FetchRefused`` if any may not be reached."""
    name = host.rstrip(".").lower()
    if not allow_private and (name == "localhost" or name.endswith(_NEVER_PUBLIC_SUFFIXES)):
        raise FetchRefused(f"{host} is not a public host name.")
    try:
        found = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as error:  # ValueError: a NUL in the name
        raise FetchFailed(f"{host} could not be resolved.") from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise FetchFailed(f"{host} has no address.")
    if not allow_private:
        refused = [address for address in addresses if not is_public_address(address)]
        if refused:
            # The address stays in the log: told to the requester, it would map the internal network for them.
            logger.warning("Refused a mention request to %s: it resolves to %s.", host, refused[0])
            raise FetchRefused(f"{host} is not a public address.")
    return addresses


def check_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of an http(s) URL, or ``FetchRefused``."""
    try:
        parts = urlsplit(url)
        urllib3.util.parse_url(url)  # what the request is built from: it refuses what urlsplit lets through
    except ValueError as error:  # "http://[abc/" (an unclosed IPv6 literal), a control character in the host
        raise FetchRefused("The address is not a valid URL.") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("Only http and https addresses can be fetched.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchRefused("The address has an invalid port.") from error
    if parts.username or parts.password:
        raise FetchRefused("Addresses with a user name or password are not fetched.")
    return parts.scheme, parts.hostname, port


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(f"No complete answer within {TIMEOUT_SECONDS:g} s.")
        return remaining


def fetch(url: str, *, method: str = "GET", body: bytes | None = None, headers: dict | None = None) -> Page:
    """Request ``url`` within the limits, following redirects for GET; raises ``FetchRefused`` or ``FetchFailed``.

    Any answer counts (a 404 or 410 is returned, not raised): what it means is the caller's decision.
    """
    deadline = _Deadline(TIMEOUT_SECONDS)
    for _hop in range(MAX_REDIRECTS + 1):
        page = _request_once(url, method=method, body=body, headers=headers or {}, deadline=deadline)
        location = page.headers.get("location")
        if method != "GET" or page.status not in _REDIRECTS or not location:
            return page
        try:
            url = urljoin(url, location.strip())
        except ValueError as error:
            raise FetchRefused("The redirect location is not a valid URL.") from error
    raise FetchRefused(f"More than {MAX_REDIRECTS} redirects.")


def _request_once(url: str, *, method: str, body: bytes | None, headers: dict, deadline: _Deadline) -> Page:
    scheme, host, port = check_url(url)
    address = checked_addresses(host, port, allow_private=private_allowed())[0]
    ascii_host = _ascii(host)
    default_port = 443 if scheme == "https" else 80
    named = f"[{ascii_host}]" if ":" in ascii_host else ascii_host  # an IPv6 literal goes in brackets
    host_header = named if port == default_port else f"{named}:{port}"
    pool = _pool(scheme, address, port, ascii_host, deadline.left())
    path = urllib3.util.parse_url(url).request_uri  # path and query, percent-encoded where they need it
    sent_headers = {"Host": host_header, "User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
    try:
        response = pool.urlopen(
            method,
            path,
            body=body,
            headers=sent_headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            content = _read_limited(response, deadline)
        finally:
            response.release_conn()
    except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError, ValueError) as error:
        raise FetchFailed(f"{host} could not be reached ({type(error).__name__}).") from error
    finally:
        pool.close()
    names = {name.lower() for name in response.headers}
    return Page(
        url=url,
        status=response.status,
        headers={name: ", ".join(response.headers.getlist(name)) for name in names},
        body=content,
    )


def _ascii(host: str) -> str:
    """The host as sent in ``Host`` and SNI: an internationalised name in its ASCII (IDNA) form."""
    try:
        return host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise FetchRefused(f"{host} is not a valid host name.") from error


def _pool(scheme: str, address: str, port: int, host: str, seconds: float) -> urllib3.HTTPConnectionPool:
    """A one-use connection pool to the checked address; TLS is still verified against the host name."""
    timeout = urllib3.Timeout(connect=seconds, read=seconds)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address, port, timeout=timeout, maxsize=1, server_hostname=host, assert_hostname=host, cert_reqs="REQUIRED"
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, maxsize=1)


def _read_limited(response, deadline: _Deadline) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise FetchRefused(f"The answer is larger than {MAX_BODY_BYTES // 1024} KB.")
    chunks, size = [], 0
    while True:
        _shorten_socket_timeout(response, deadline.left())
        chunk = response.read1(64 * 1024, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise FetchRefused(f"The answer is larger than {MAX_BODY_BYTES // 1024} KB.")
        chunks.append(chunk)


def _shorten_socket_timeout(response, seconds: float) -> None:
    """Each read waits at most until the deadline, so a server that drips bytes cannot hold the request open."""
    sock = getattr(response.connection, "sock", None)
    if sock is not None:
        sock.settimeout(seconds)
