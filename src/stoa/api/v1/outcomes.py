"""What a comment's writer is told after posting through the API: the form's sentence, and why it waits.

The writer learns the site's rules that held it (everything is pre-moderated, a first comment is read first ...),
never what the content checks found: no model score, no matched word, no detected phone number. Naming those would
teach an abuser how to get past them (STYLE.md, "a public and a private part").
"""

from __future__ import annotations

from stoa.moderation.decisions import Decision, Status, Verdict

# The sentences the site's form shows after posting (``stoa.discussion.views``), by status.
OUTCOME_MESSAGES = {
    Status.PUBLISHED: "Thank you: your comment is published.",
    Status.HELD: "Your comment is awaiting moderation. It is visible to you and will appear once approved.",
    Status.REJECTED: "Your comment was not published: it breaks this site's rules.",
    Status.SPAM: "Your comment was not published.",
}

# Rules a writer may know held their comment, by the phase that applied them.
RULE_REASONS = {
    "premoderate_all": "Every comment on this site is read by a moderator before it appears.",
    "post_premoderated": "Comments on this post are read by a moderator before they appear.",
    "first_comment": "A first comment is read by a moderator before it appears.",
    "new_author": "A new member's first comments are read by a moderator before they appear.",
    "author_premoderated": "A moderator reads your comments before they appear.",
}
CONTENT_REASON = "A moderator will read it before it appears."


def writer_reasons(decision: Decision) -> list[str]:
    """Why a held comment waits, in words its writer may read; empty for any other status."""
    if decision.status != Status.HELD:
        return []
    asked = [signal for signal in decision.signals if signal.verdict != Verdict.NOTE]
    reasons = [RULE_REASONS.get(signal.phase, CONTENT_REASON) for signal in asked] or [CONTENT_REASON]
    return list(dict.fromkeys(reasons))
