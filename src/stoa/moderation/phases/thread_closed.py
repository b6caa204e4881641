"""Gate: a closed thread takes no new comments."""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Refusal, Signal


def check_thread_open(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Refusal | None:
    if context.thread_closed:
        return Refusal("thread_closed", "Comments are closed on this post.", "thread_closed")
    return None
