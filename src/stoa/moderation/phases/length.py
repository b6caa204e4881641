"""Gate: refuse empty, too short and too long comments before anything else looks at them.

The minimum is measured on the text as it would be stored (``sanitise``), so a comment of zero-width spaces is
empty; the maximum on the text as written, the one the writer sees counted.
"""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Refusal, Signal
from stoa.moderation.phases.sanitise import sanitised


def check_length(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Refusal | None:
    text = sanitised(context.text)[0].strip()
    limits = context.settings
    if not text:
        return Refusal("empty", "Your comment is empty. Write something before posting.", "length")
    if len(text) < limits.min_length:
        return Refusal(
            "too_short",
            f"Your comment is too short: write at least {limits.min_length} characters.",
            "length",
        )
    if len(context.text) > limits.max_length:
        return Refusal(
            "too_long",
            f"Your comment is {len(context.text):,} characters long; the limit is "
            f"{limits.max_length:,}. Please shorten it.",
            "length",
        )
    return None
