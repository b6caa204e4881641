"""Markdown to safe HTML, done once when text is written (reads never re-render; DESIGN.md, hot path step 5).

Markdown may carry raw HTML, so its output always passes through nh3 (an allow-list sanitiser): no script,
event handler or ``javascript:`` URL survives, and every link gets ``rel="nofollow ugc noopener noreferrer"``.
"""

from __future__ import annotations

import markdown
import nh3

_COMMENT_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "a", "ul", "ol", "li", "del"}
_POST_TAGS = _COMMENT_TAGS | {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "abbr",
    "dl",
    "dt",
    "dd",
}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "abbr": {"title"}}
_SCHEMES = {"http", "https", "mailto"}


def _render(text: str, tags: set[str], link_rel: str) -> str:
    html = markdown.markdown(text, extensions=["fenced_code", "tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=tags, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=link_rel)


def render_comment(text: str) -> str:
    """Safe HTML for a comment: paragraphs, emphasis, code, quotes, lists and links; nothing else."""
    return _render(text, _COMMENT_TAGS, "nofollow ugc noopener noreferrer")


def render_post(text: str) -> str:
    """Safe HTML for a post body: the comment set plus headings, images, tables and figures."""
    return _render(text, _POST_TAGS, "noopener noreferrer")
