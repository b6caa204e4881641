"""Transform: the stored text is clean. Line endings become ``\\n``; control characters and invisible "junk"
(zero-width spaces, soft hyphens, bidi overrides that reorder what a reader sees) are removed; Unicode is composed
(NFC, so "é" is one character however it was typed); blank lines before and whitespace after the text go.

Zero-width joiners and non-joiners stay: emoji sequences and Persian or Indic scripts need them. Removing the rest
means what moderators read, what the word lists match and what is stored are the same characters.
"""

from __future__ import annotations

import re
import unicodedata

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Transform

PHASE = "sanitise"
_JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def sanitised(text: str) -> tuple[str, int]:
    """The clean form of ``text`` and how many invisible or control characters were removed from it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = _JUNK.subn("", text)
    text = unicodedata.normalize("NFC", text)
    return _LEADING_BLANK_LINES.sub("", text).rstrip(), removed


def sanitise_text(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Transform | None:
    clean, removed = sanitised(context.text)
    if clean == context.text:
        return None
    if not removed:
        return Transform(clean, "", PHASE)
    note = f"removed {removed} invisible or control character{'s' if removed != 1 else ''}"
    return Transform(clean, note, PHASE, {"removed_characters": float(removed)})
