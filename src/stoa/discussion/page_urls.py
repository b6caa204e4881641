"""Web origins and the page URLs that key embedded threads: one spelling for each, so one page is one thread.

Pure (no Django): ``stoa.config`` reads ``STOA_EMBED_ORIGINS`` with it before Django starts. An origin is
``scheme://host[:port]``, lower-cased, without the scheme's default port; a page URL is its origin plus the path
and query as written (the fragment dropped: ``#comments`` is the same page).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

MAX_PAGE_URL_LENGTH = 300  # Thread.key's length
_DEFAULT_PORTS = {"http": 80, "https": 443}


class PageUrlInvalid(ValueError):
    """Not an http(s) address Stoa can key a thread or an origin by; the message says why."""


@dataclass(frozen=True)
class PageUrl:
    """A page that embeds the widget: ``url`` is its thread's key, ``origin`` the site it is on."""

    url: str
    origin: str


def _parts(raw: str) -> SplitResult:
    try:
        parts = urlsplit(raw.strip())
        port = parts.port
    except ValueError as error:
        raise PageUrlInvalid(f"{raw!r} is not a valid address ({error})") from None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        raise PageUrlInvalid(f"{raw!r} is not an http:// or https:// address with a host name")
    if parts.username is not None or parts.password is not None:
        raise PageUrlInvalid(f"{raw!r} carries a user name or password")
    if port == 0:
        raise PageUrlInvalid(f"{raw!r} has port 0")
    return parts


def _origin_of(parts: SplitResult) -> str:
    scheme, host = parts.scheme.lower(), parts.hostname.lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = parts.port
    return f"{scheme}://{host}" if port in (None, _DEFAULT_PORTS[scheme]) else f"{scheme}://{host}:{port}"


def web_origin(raw: str) -> str:
    """``https://Blog.Example:443/`` → ``https://blog.example``; a path, query or fragment is refused."""
    parts = _parts(raw)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise PageUrlInvalid(f"{raw!r} is not an origin: give the scheme and host only, e.g. https://blog.example")
    return _origin_of(parts)


def page_url(raw: str) -> PageUrl:
    """The canonical spelling of a page's address (its thread key) and its origin."""
    parts = _parts(raw)
    origin = _origin_of(parts)
    url = origin + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if len(url) > MAX_PAGE_URL_LENGTH:
        raise PageUrlInvalid(f"the page address is {len(url)} characters long; at most {MAX_PAGE_URL_LENGTH} are kept")
    return PageUrl(url=url, origin=origin)
