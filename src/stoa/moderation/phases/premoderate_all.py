"""Pre-moderation: with ``STOA_PREMODERATE_ALL`` (or a post's override of it) every comment waits for a moderator.

Staff are published before this rule (``trusted_author``); members in good standing are not exempt from it.
"""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Verdict


def check_premoderate_all(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    if not context.settings.premoderate_all:
        return None
    return Signal(Verdict.REVIEW, "all comments are pre-moderated", "premoderate_all")
