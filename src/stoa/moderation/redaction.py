"""Redacting personal data before a moderator publishes a comment, and measuring what an edit changed.

The queue offers one-click redaction of the spans the personal-data phase found (``redact``); whatever the
moderator then submits, ``summarize_edit`` counts the parts replaced by ``REDACTED`` and the characters they held,
so the audit log can say a redaction happened without keeping what was redacted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from stoa.detection.results import PERSONAL_DATA_TYPES

REDACTED = "[redacted]"
# Words, runs of spaces, single marks, and the redaction marker whole: a diff over these tokens keeps a replaced
# phone number or address together instead of matching stray letters inside "[redacted]".
_TOKENS = re.compile(re.escape(REDACTED) + r"|\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class EditSummary:
    """What an edit did, in figures only: ``redactions`` parts replaced by ``REDACTED``, holding
    ``redacted_characters`` characters; ``changed`` is false when the text came back as it was."""

    changed: bool
    redactions: int
    redacted_characters: int
    length_before: int
    length_after: int

    def as_data(self) -> dict:
        return {
            "edited": self.changed,
            "redactions": self.redactions,
            "redacted_characters": self.redacted_characters,
            "length_before": self.length_before,
            "length_after": self.length_after,
        }


def personal_data_spans(highlights: Iterable[dict], length: int) -> list[tuple[int, int]]:
    """The (begin, end) ranges of the personal-data highlights, in bounds, in order, overlaps merged."""
    spans = sorted(
        (max(h["begin"], 0), min(h["end"], length)) for h in highlights if h.get("label") in PERSONAL_DATA_TYPES
    )
    merged: list[tuple[int, int]] = []
    for begin, end in spans:
        if end <= begin:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def redact(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of the (ordered, non-overlapping) ``spans`` replaced by ``REDACTED``."""
    parts, position = [], 0
    for begin, end in spans:
        parts += [text[position:begin], REDACTED]
        position = end
    return "".join(parts) + text[position:]


def summarize_edit(before: str, after: str) -> EditSummary:
    """Compare the texts token by token: a stretch replaced by one holding ``REDACTED`` counts as redacted, all of
    its old characters (a marker typed into the text without removing anything is not a redaction)."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    redactions = redacted_characters = 0
    for tag, old_begin, old_end, new_begin, new_end in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        markers = new[new_begin:new_end].count(REDACTED)
        if tag == "replace" and markers:
            redactions += markers
            redacted_characters += sum(len(token) for token in old[old_begin:old_end] if token != REDACTED)
    return EditSummary(before != after, redactions, redacted_characters, len(before), len(after))
