"""Content check: the same text again from the same writer (account, guest email, or hashed IP) within
``STOA_REPEAT_POST_WINDOW`` is held, not rejected.

Holding is the right answer because the honest causes are common: a writer who thought the first try failed, or
who posts again after their comment was held. A moderator tells these from a spam run in a glance, and meanwhile
the thread does not show the same words twice. Texts are compared after folding case, Unicode look-alikes,
leetspeak and punctuation (``stoa.detection.text.fold``), so "Buy n0w!!" repeats "buy now". Short replies
("Thanks!", "+1", "Agreed.") are said twice honestly all the time and are never compared.
"""

from __future__ import annotations

import datetime as dt
import re

from stoa.detection.text import fold
from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Signal, Verdict, spoken_duration

PHASE = "repeat_post"
SHORTEST_COMPARED = 20  # characters of the compared form: shorter texts are never called repeats
_WORD = re.compile(r"\w+")


def comparison_form(text: str) -> str:
    """The words of ``text``, folded and joined by single spaces: what two texts must share to be repeats."""
    return " ".join(_WORD.findall(fold(text)))


def check_repeat_post(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    window = context.settings.repeat_window_seconds
    text = comparison_form(context.text)
    if window <= 0 or len(text) < SHORTEST_COMPARED:
        return None
    since = context.now - dt.timedelta(seconds=window)
    for earlier in context.author.recent_comments:
        if earlier.at >= since and comparison_form(earlier.text) == text:
            who = "this author" if earlier.same_author else "the same network (IP address)"
            ago = spoken_duration((context.now - earlier.at).total_seconds())
            return Signal(Verdict.REVIEW, f"repeat post: the same text came from {who} {ago} ago", PHASE)
    return None
