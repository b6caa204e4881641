"""Pre-moderation: the post's own switch (``Post.premoderate_comments``) holds every comment on it.

For a post that is sure to draw heat: its editor can hold the discussion without changing the site's settings.
Staff are published before this rule (``trusted_author``).
"""

from __future__ import annotations

from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Verdict


def check_post_premoderated(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    if not context.post_premoderated:
        return None
    return Signal(Verdict.REVIEW, "comments on this post are pre-moderated", "post_premoderated")
