"""What another site's page says, for mentions: where it links, whom it is by, and what it says (microformats2).

Used both ways: to verify a received mention (does the source really link to our post? who wrote it?) and to
discover where to send ours (``rel="webmention"`` / ``rel="pingback"`` links). Nothing here makes a request.
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import mf2py

from stoa.discussion.mention_fetch import Page

EXCERPT_CHARS = 500
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_URL_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "iframe": "src",
    "blockquote": "cite",
    "q": "cite",
}


@dataclass(frozen=True)
class PageLink:
    """One URL-bearing element: its tag, its ``rel`` tokens (lower-case) and its URL as written (unresolved)."""

    tag: str
    rel: tuple[str, ...]
    url: str


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[PageLink] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if tag == "base" and "href" in values and not self.base:
            self.base = values["href"].strip()
        attribute = _URL_ATTRIBUTES.get(tag)
        if attribute and attribute in values:
            rel = tuple(values.get("rel", "").lower().split())
            self.links.append(PageLink(tag, rel, values[attribute].strip()))


def page_links(html: str, page_url: str) -> tuple[list[PageLink], str]:
    """The page's URL-bearing elements in document order, and the base URL their relative URLs resolve from."""
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    return collector.links, urljoin(page_url, collector.base) if collector.base else page_url


def same_url(first: str, second: str) -> bool:
    """The same address, ignoring what does not change the resource: scheme and host case, a default port, the
    fragment."""
    return _normalised(first) == _normalised(second)


def _normalised(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, default) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def links_to(page: Page, target: str) -> bool:
    """Whether the page links to ``target``: an element's resolved URL equals it (HTML), or, for plain text and
    JSON, the address appears as written (the Webmention spec's rule for non-HTML sources)."""
    if page.content_type in _HTML_TYPES:
        links, base = page_links(page.text, page.url)
        return any(same_url(urljoin(base, link.url), target) for link in links if link.url)
    if page.content_type in ("text/plain", "application/json") or page.content_type.endswith("+json"):
        return target in page.text
    return False


@dataclass(frozen=True)
class SourceEntry:
    """Who wrote the linking page and what it says, from its first ``h-entry`` (falling back to the page's
    ``h-card`` and ``<title>``). ``author_url`` / ``author_photo`` are absolute or empty."""

    author_name: str
    author_url: str
    author_photo: str
    content: str
    published: datetime | None


def source_entry(page: Page) -> SourceEntry:
    """Read the microformats2 of a linking page; a page without them still gives its title as the content."""
    html = page.text if page.content_type in _HTML_TYPES else ""
    parsed = mf2py.parse(doc=html, url=page.url) if html else {"items": []}
    entry = _first_of(parsed["items"], "h-entry")
    properties = entry.get("properties", {}) if entry else {}
    author = _author(properties.get("author", []), parsed["items"])
    text = _text(properties, "content") or _text(properties, "summary") or _text(properties, "name")
    return SourceEntry(
        author_name=author.get("name", ""),
        author_url=author.get("url", ""),
        author_photo=author.get("photo", ""),
        content=excerpt(text or _title(html)),
        published=_published(properties),
    )


def _first_of(items: list[dict], kind: str) -> dict | None:
    for item in items:
        if kind in item.get("type", []):
            return item
        found = _first_of(item.get("children", []), kind)
        if found:
            return found
    return None


def _author(values: list, items: list[dict]) -> dict[str, str]:
    """The author's name, url and photo: an embedded h-card, a name or URL string, or the page's own h-card."""
    card = next((value for value in values if isinstance(value, dict)), None) or _first_of(items, "h-card")
    if card is None:
        written = values[0] if values and isinstance(values[0], str) else ""
        return {"url": written} if written.startswith(("http://", "https://")) else {"name": written}
    properties = card.get("properties", {})
    return {key: _plain(properties.get(key, [""])[0]) for key in ("name", "url", "photo")}


def _plain(value) -> str:
    """A property's text: mf2 gives a string, or a dict with ``value`` (photos with ``alt``, nested items)."""
    if isinstance(value, dict):
        value = value.get("value", "")
    return str(value).strip()


def _text(properties: dict, name: str) -> str:
    values = properties.get(name, [])
    return _plain(values[0]) if values else ""


def _title(html: str) -> str:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    return html_module.unescape(match.group(1)).strip() if match else ""


def _published(properties: dict) -> datetime | None:
    raw = _text(properties, "published")
    try:
        published = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return published if published.tzinfo else None


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters of ``text``, whitespace collapsed, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
