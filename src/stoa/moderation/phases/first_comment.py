"""Pre-moderation: a guest's comment is held until one from the same name and email has been approved.

This is WordPress's "comment author must have a previously approved comment" rule, on by default.
"""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Verdict


def check_first_guest_comment(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    author = context.author
    if not context.settings.hold_first_guest_comment or author.is_member or author.approved_comments > 0:
        return None
    return Signal(Verdict.REVIEW, "first comment from this guest (no earlier approved comment)", "first_comment")
