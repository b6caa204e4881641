"""Transform: bare web addresses become Markdown links, so "see example.com/guide" is stored as a link.

The comment is Markdown, so the rewrite is done on its source and leaves alone everything that is already a link
or must stay literal: fenced and indented code, inline code, ``[text](target)`` and reference links, ``<…>``
autolinks and HTML tags, and the inside of an ``<a>`` element (each pattern bounded in length, so no text makes
the scan quadratic). Nothing is linked twice, and running it again on its own output changes nothing (an edited
comment goes through it again).

Finding addresses is linkify-it's job (the link finder of markdown-it). An address with ``http://`` or
``https://`` becomes an autolink (``<https://…>``); one starting ``www.`` or a bare domain becomes
``[example.com](http://example.com)``, but only under common top-level domains, so file names such as
``README.md`` or ``setup.py`` (Moldova's and Paraguay's domains) stay text. Email addresses are never linked: a
visible address is personal data, which a later phase may hold. The rendered link gets ``rel="nofollow ugc
noopener noreferrer"`` from ``stoa.rendering`` (nh3's ``link_rel``), like every link in a comment.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from linkify_it import LinkifyIt

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Transform

PHASE = "linkify"
_LEFT_ALONE = re.compile(
    r"""
      ^[ \t]*(?P<fence>`{3,}|~{3,}).*?(?:^[ \t]*(?P=fence)[ \t]*$|\Z)  # fenced code block
    | ^(?:[ ]{4}|\t)[^\n]*                                           # indented code line
    | (?P<ticks>`+).+?(?P=ticks)                                      # inline code
    | ^[ ]{0,3}\[[^\]\n]{1,999}\]:[^\n]*                              # reference definition
    | !?\[[^\]]{0,999}\](?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,999}\])?    # link, image, reference link
    | <a\b[^>]{0,999}>.*?</a\s*>                                      # HTML link with its text
    | <[^<>\n]*>                                                      # autolink or HTML tag
    """,
    re.VERBOSE | re.MULTILINE | re.DOTALL | re.IGNORECASE,
)
_BARE_DOMAIN_TLDS = frozenset(
    {"com", "org", "net", "edu", "gov", "int", "io", "dev", "app", "info", "blog", "news", "xyz", "co", "uk", "eu"}
    | {"de", "fr", "nl", "be", "ch", "at", "es", "it", "pt", "se", "no", "dk", "fi", "ie", "pl", "ca", "us", "au"}
    | {"nz", "jp"}
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@cache
def _finder() -> LinkifyIt:
    return LinkifyIt(options={"fuzzy_email": False}).tlds(["app", "blog", "dev", "news", "xyz"], True)


def _wanted(match) -> bool:
    if match.schema in ("http:", "https:"):
        return True
    if match.schema:  # mailto:, ftp:, protocol-relative "//"
        return False
    host = urlsplit(match.url).hostname or ""
    return match.raw.lower().startswith("www.") or host.rsplit(".", 1)[-1] in _BARE_DOMAIN_TLDS


def _as_markdown(match) -> str:
    if match.schema:
        return f"<{match.url}>"
    label = _MARKDOWN_SPECIAL.sub(r"\\\1", match.raw)
    return f"[{label}](<{match.url}>)"


def _linkify_prose(prose: str) -> tuple[str, int]:
    """Addresses in a stretch of plain prose made links, and how many."""
    matches = [match for match in (_finder().match(prose) or []) if _wanted(match)]
    pieces, end = [], 0
    for match in matches:
        pieces += [prose[end : match.index], _as_markdown(match)]
        end = match.last_index
    return "".join(pieces) + prose[end:], len(matches)


def linkify_markdown(text: str) -> tuple[str, int]:
    """``text`` with its bare web addresses turned into Markdown links, and how many were linked."""
    pieces, count, end = [], 0, 0
    for kept in _LEFT_ALONE.finditer(text):
        prose, linked = _linkify_prose(text[end : kept.start()])
        pieces += [prose, kept.group(0)]
        count, end = count + linked, kept.end()
    prose, linked = _linkify_prose(text[end:])
    return "".join([*pieces, prose]), count + linked


def linkify_addresses(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Transform | None:
    if not context.settings.linkify:
        return None
    text, count = linkify_markdown(context.text)
    if not count:
        return None
    return Transform(
        text, f"linkified {count} link{'s' if count != 1 else ''}", PHASE, {"linkified_links": float(count)}
    )
