"""Content checks against the site's word lists: banned words reject, watched words hold.

Matching is on whole words after normalisation (``stoa.detection.text``), so "sc*mbag" or "$cumbag" match
"scumbag" and "class" does not match "ass".
"""

from __future__ import annotations

from stoa.detection.text import find_term_spans
from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Decision, Highlight, Signal, Status, Verdict


def _found(text: str, words: tuple[str, ...], kind: str) -> tuple[str, tuple[Highlight, ...]] | None:
    """The reason ("watched words: 'a', 'b'") and the marked occurrences, or ``None`` if no listed word occurs."""
    spans = find_term_spans(text, words)
    if not spans:
        return None
    terms = sorted({term for _, _, term in spans})
    reason = f"{kind} word{'s' if len(terms) > 1 else ''}: " + ", ".join(f"'{term}'" for term in terms)
    return reason, tuple(Highlight(begin, end, f"{kind} word") for begin, end, _ in spans)


def check_banned_words(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Decision | None:
    found = _found(context.text, context.settings.banned_words, "banned")
    if found is None:
        return None
    return Decision(Status.REJECTED, (found[0],), decided_by="banned_words", highlights=found[1])


def check_watched_words(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    found = _found(context.text, context.settings.watched_words, "watched")
    if found is None:
        return None
    return Signal(Verdict.REVIEW, found[0], "watched_words", highlights=found[1])
