"""A member's sanctions: a ban or a running suspension refuses the comment (a gate); pre-moderation holds it.

Both read only the frozen ``AuthorHistory`` (filled for members; guests have no sanctions) and the context's ``now``.
"""

from __future__ import annotations

import datetime as dt

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Refusal, Signal, Verdict


def check_author_sanctions(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Refusal | None:
    author = context.author
    if author.banned:
        return Refusal("author_banned", "You are banned from commenting on this site.", "author_sanctions")
    until = author.suspended_until
    if until is not None and until > context.now:
        when = until.astimezone(dt.UTC).strftime("%d %b %Y, %H:%M UTC")
        return Refusal("author_suspended", f"You are suspended from commenting until {when}.", "author_sanctions")
    return None


def check_author_premoderated(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    if not context.author.premoderated:
        return None
    return Signal(Verdict.REVIEW, "this author's comments are pre-moderated", "author_premoderated")
