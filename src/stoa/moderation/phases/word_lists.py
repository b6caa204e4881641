"""Content checks against the site's word lists: banned words reject, watched words hold.

Matching is on whole words after normalisation (``stoa.detection.text``), so "sc*mbag" or "$cumbag" match
"scumbag" and "class" does not match "ass".
"""

from __future__ import annotations

from stoa.detection.text import find_terms
from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Decision, Signal, Status, Verdict


def _quoted(words: list[str]) -> str:
    return ", ".join(f"'{word}'" for word in words)


def check_banned_words(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Decision | None:
    found = find_terms(context.text, context.settings.banned_words)
    if not found:
        return None
    reason = f"banned word{'s' if len(found) > 1 else ''}: {_quoted(found)}"
    return Decision(Status.REJECTED, (reason,), decided_by="banned_words")


def check_watched_words(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    found = find_terms(context.text, context.settings.watched_words)
    if not found:
        return None
    reason = f"watched word{'s' if len(found) > 1 else ''}: {_quoted(found)}"
    return Signal(Verdict.REVIEW, reason, "watched_words")
