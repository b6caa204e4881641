"""What another site's page says, for mentions: where it links, whom it is by, and what it says (microformats2).

Used both ways: to verify a received mention (does the source really link to our post? who wrote it?) and to
discover where to send ours (``rel="webmention"`` / ``rel="pingback"`` links). Nothing here makes a request.

The page is chosen by a stranger, so reading it must cost time in proportion to its size (at most 1 MB), whatever
it holds. One pass of the standard library's ``HTMLParser`` reads it: fed, never ``close()``d, because closing
retries every unfinished construct to the end of the page (``<title`` a million times over: minutes). A construct
left open at the end ends the page, as it does in a browser. The same pass writes a tidy copy for ``mf2py``: tags
and attributes with sane names, no comments, scripts or styles, at most ``MAX_DEPTH`` elements deep and
``MAX_MARKUP_CHARS`` long, so that the microformats parser (whose own tokeniser is quadratic on some inputs, and
recursive) only ever sees small, well-formed markup.
"""

from __future__ import annotations

import html as html_module
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

import mf2py

from stoa.discussion.mention_fetch import Page

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 500
MAX_DEPTH = 100  # elements open at once in the copy read for microformats
MAX_MARKUP_CHARS = 256 * 1024  # of that copy: an h-entry further down than this is not read
TITLE_CHARS = 2000
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


_TAG_NAME = re.compile(r"[a-z][a-z0-9-]{0,31}")
_ATTRIBUTE_NAME = re.compile(r"[a-z_:][-a-z0-9_:.]{0,63}")
_MAX_ATTRIBUTES = 32
_MAX_VALUE_CHARS = 2048
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())  # noqa: SIM905
_RAW_TEXT = frozenset(("script", "style"))
_P_CLOSERS = (  # the elements whose start closes an open <p>
    "address article aside blockquote dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table ul"
)
_CLOSES_P = frozenset(_P_CLOSERS.split())
_CLOSES_SIBLING = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
}


class _PageReader(HTMLParser):
    """One linear pass over a page: its URL-bearing elements, ``<base>``, ``<title>``, and a tidy copy of it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[PageLink] = []
        self.base = ""
        self._title: list[str] | None = None  # collecting while inside the first <title>
        self._title_chars = 0
        self.title = ""
        self._raw_text: str | None = None  # inside <script> or <style>: not copied
        self._open: list[str] = []
        self._copy: list[str] = []
        self._copied = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if tag == "base" and "href" in values and not self.base:
            self.base = values["href"].strip()
        attribute = _URL_ATTRIBUTES.get(tag)
        if attribute and attribute in values:
            rel = tuple(values.get("rel", "").lower().split())
            self.links.append(PageLink(tag, rel, values[attribute].strip()))
        if tag == "title" and self._title is None and not self.title:
            self._title = []
        if tag in _RAW_TEXT:
            self._raw_text = tag
        else:
            self._copy_start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None:
            self.title, self._title = "".join(self._title).strip(), None  # character references already read
        if tag == self._raw_text:
            self._raw_text = None
        elif tag in self._open and self._copied < MAX_MARKUP_CHARS:
            while (name := self._open.pop()) != tag:
                self._write(f"</{name}>")
            self._write(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._title is not None and self._title_chars < TITLE_CHARS:
            self._title.append(data[: TITLE_CHARS - self._title_chars])
            self._title_chars += len(self._title[-1])
        if self._raw_text is None and self._copied < MAX_MARKUP_CHARS:
            self._write(html_module.escape(data, quote=False)[: MAX_MARKUP_CHARS - self._copied])

    def _copy_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._copied >= MAX_MARKUP_CHARS or not _TAG_NAME.fullmatch(tag):
            return
        closes = _CLOSES_SIBLING.get(tag, set()) | ({"p"} if tag in _CLOSES_P else set())
        while self._open and self._open[-1] in closes:  # <li>one<li>two: the first closes, as in a browser
            self._write(f"</{self._open.pop()}>")
        if tag not in _VOID:
            if len(self._open) >= MAX_DEPTH:
                return  # its content is still copied, one level up
            self._open.append(tag)
        kept = [
            f' {name}="{html_module.escape(value or "")}"'
            for name, value in attrs[:_MAX_ATTRIBUTES]
            if _ATTRIBUTE_NAME.fullmatch(name) and len(value or "") <= _MAX_VALUE_CHARS
        ]
        self._write(f"<{tag}{''.join(kept)}>")

    def _write(self, markup: str) -> None:
        self._copy.append(markup)
        self._copied += len(markup)

    def tidy_copy(self) -> str:
        return "".join(self._copy) + "".join(f"</{name}>" for name in reversed(self._open))


def read_page(html: str) -> _PageReader:
    """Read the page once (see the module's note: fed, never closed, so that it takes linear time)."""
    reader = _PageReader()
    reader.feed(html)
    return reader


def join_url(base: str, url: str) -> str | None:
    """``url`` resolved against ``base``; ``None`` if either is not a valid URL (``http://[abc/``)."""
    try:
        return urljoin(base, url)
    except ValueError:
        return None


def split_url(url: str) -> SplitResult | None:
    """``urlsplit``, or ``None`` for what it refuses (an unclosed IPv6 literal, an invalid port is kept)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def page_links(html: str, page_url: str) -> tuple[list[PageLink], str]:
    """The page's URL-bearing elements in document order, and the base URL their relative URLs resolve from
    (an invalid ``<base>`` is ignored)."""
    reader = read_page(html)
    base = join_url(page_url, reader.base) if reader.base else None
    return reader.links, base or page_url


def same_url(first: str, second: str) -> bool:
    """The same address, ignoring what does not change the resource: scheme and host case, a default port, the
    fragment. An invalid URL is the same as nothing."""
    normalised = _normalised(first)
    return normalised is not None and normalised == _normalised(second)


def _normalised(url: str) -> str | None:
    parts = split_url(url.strip())
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, default) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def links_to(page: Page, *targets: str) -> bool:
    """Whether the page links to one of ``targets``: an element's resolved URL equals it (HTML; see ``same_url``),
    or, for plain text and JSON, the address appears as written (the Webmention spec's rule for non-HTML
    sources)."""
    if page.content_type in _HTML_TYPES:
        wanted = {normalised for target in targets if (normalised := _normalised(target)) is not None}
        links, base = page_links(page.text, page.url)
        return any(_normalised(join_url(base, link.url) or "") in wanted for link in links if link.url)
    if page.content_type in ("text/plain", "application/json") or page.content_type.endswith("+json"):
        return any(target in page.text for target in targets)
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
    reader = read_page(page.text) if page.content_type in _HTML_TYPES else None
    parsed = _microformats(reader.tidy_copy(), page.url) if reader else {"items": []}
    entry = _first_of(parsed["items"], "h-entry")
    properties = entry.get("properties", {}) if entry else {}
    author = _author(properties.get("author", []), parsed["items"])
    text = _text(properties, "content") or _text(properties, "summary") or _text(properties, "name")
    return SourceEntry(
        author_name=author.get("name", ""),
        author_url=author.get("url", ""),
        author_photo=author.get("photo", ""),
        content=excerpt(text or (reader.title if reader else "")),
        published=_published(properties),
    )


def _microformats(markup: str, url: str) -> dict:
    """``mf2py`` on the tidy copy, with the standard library's parser (linear on well-formed markup); a page it
    cannot read gives no microformats rather than an error."""
    try:
        return mf2py.parse(doc=markup, url=url, html_parser="html.parser")
    except Exception:  # noqa: BLE001 - a stranger's page must not break verification; logged
        logger.warning("Could not read the microformats of %s.", url, exc_info=True)
        return {"items": []}


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
