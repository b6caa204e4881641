"""Content check: many links are the commonest mark of spam, so hold at ``max_links`` or more."""

from __future__ import annotations

import re

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Verdict

_LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+")
_SCHEME = re.compile(r"(?i)^https?://")


def count_links(text: str) -> int:
    """Distinct web addresses in ``text``, with or without their scheme: a Markdown link's target counts once, and
    a linked ``www.`` address (its label and its ``http://`` target, as ``linkify`` writes it) is one address."""
    return len({_SCHEME.sub("", link).lower().rstrip("/") for link in _LINK.findall(text)})


def check_links(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    threshold = context.settings.max_links
    links = count_links(context.text)
    if threshold <= 0 or links < threshold:
        return None
    return Signal(Verdict.REVIEW, f"{links} links (hold at {threshold})", "links", {"links": float(links)})
