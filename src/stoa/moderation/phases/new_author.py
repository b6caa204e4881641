"""Pre-moderation: a new author's first ``STOA_PREMODERATE_FIRST_COMMENTS`` comments wait for a moderator.

"New" is fewer approved comments than that, for members and guests alike (a guest is known by name and email).
A guest already held by the first-guest-comment rule is not told the same thing twice.
"""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Verdict

PHASE = "new_author"


def check_new_author(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    first = context.settings.premoderate_first_comments
    approved = context.author.approved_comments
    if first <= 0 or approved >= first or any(signal.phase == "first_comment" for signal in signals):
        return None
    reason = (
        f"new author: {approved} approved comment{'s' if approved != 1 else ''} so far "
        f"(the first {first} are pre-moderated)"
    )
    return Signal(Verdict.REVIEW, reason, PHASE)
