"""Gate: at most one comment per ``rate_limit_seconds`` from one account (or guest email) and one hashed IP.

The refusal says how long to wait twice: in its sentence, and as ``retry_after_seconds`` (the ``Retry-After``
header of the form's and the API's 429)."""

from __future__ import annotations

import math

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Refusal, Signal


def check_rate_limit(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Refusal | None:
    limit = context.settings.rate_limit_seconds
    if limit <= 0:
        return None
    history = context.author
    latest = max((t for t in (history.last_comment_at, history.last_comment_from_ip_at) if t), default=None)
    if latest is None:
        return None
    wait = limit - (context.now - latest).total_seconds()
    if wait <= 0:
        return None
    seconds = max(1, math.ceil(wait))
    return Refusal(
        "rate_limited",
        f"You are commenting too quickly. Please wait {seconds} second"
        f"{'s' if seconds != 1 else ''} and post again; your text is kept below.",
        "rate_limit",
        retry_after_seconds=seconds,
    )
