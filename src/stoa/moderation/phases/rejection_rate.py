"""Content check: an author most of whose recent comments were rejected is held until a moderator looks.

Among the author's latest decided comments (published, rejected or spam; at most ``RECENT_OUTCOMES``) written
within ``STOA_REJECTION_RATE_WINDOW``: when there are at least ``STOA_REJECTION_RATE_MIN_COMMENTS`` of them and
the rejected or spam share reaches ``STOA_REJECTION_RATE_HOLD``, the comment is held. Comments still waiting for
a moderator do not count either way. The reason gives the counts, for moderators only.
"""

from __future__ import annotations

import datetime as dt

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Status, Verdict, spoken_duration

PHASE = "rejection_rate"
_REJECTED = {Status.REJECTED, Status.SPAM}


def check_rejection_rate(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    settings = context.settings
    if settings.rejection_rate_hold <= 0 or settings.rejection_window_seconds <= 0:
        return None
    since = context.now - dt.timedelta(seconds=settings.rejection_window_seconds)
    recent = [status for at, status in context.author.recent_outcomes if at >= since]
    rejected = sum(status in _REJECTED for status in recent)
    if not recent or len(recent) < settings.rejection_rate_min_comments:
        return None
    share = rejected / len(recent)
    if share < settings.rejection_rate_hold:
        return None
    reason = (
        f"{rejected} of the author's last {len(recent)} comments were rejected "
        f"(hold at {settings.rejection_rate_hold:.0%} within {spoken_duration(settings.rejection_window_seconds)})"
    )
    return Signal(Verdict.REVIEW, reason, PHASE, {"rejection_rate": round(share, 4)})
