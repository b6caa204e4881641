"""The data contract of moderation: statuses, what a phase may return, and the decision the pipeline makes.

Pure dataclasses, no Django, so phases and their tests need no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """Where a comment stands. Only ``published`` comments are shown to readers."""

    PUBLISHED = "published"
    HELD = "held"
    REJECTED = "rejected"
    SPAM = "spam"


class Verdict(StrEnum):
    """What a signal asks for; the policy phase turns the strongest into a status."""

    REVIEW = "review"  # hold for a moderator
    REJECT = "reject"
    SPAM = "spam"
    NOTE = "note"  # recorded for moderators, changes nothing


@dataclass(frozen=True)
class Signal:
    """One phase's opinion about a comment.

    ``verdict``: what the phase asks for. ``reason``: plain words a moderator reads ("3 links (hold at 2)").
    ``phase``: the phase's name. ``scores``: any figures behind it, stored with the decision.
    """

    verdict: Verdict
    reason: str
    phase: str
    scores: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    """A terminal answer that the comment is not accepted at all (nothing is stored; the writer keeps the text).

    ``code``: stable machine name (``thread_closed``, ``rate_limited``, ``too_short``, ``too_long``, ``empty``).
    ``message``: the sentence shown to the writer. ``phase``: who refused.
    """

    code: str
    message: str
    phase: str


@dataclass(frozen=True)
class Decision:
    """The pipeline's verdict on an accepted comment.

    ``status``: the comment's new status. ``reasons``: every reason in plain words, in phase order.
    ``signals``: the signals behind it. ``scores``: all figures any phase reported. ``decided_by``: the phase that
    ended the pipeline (``policy`` unless a phase was terminal).
    """

    status: Status
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    decided_by: str = "policy"

    @property
    def explanation(self) -> str:
        """One line a moderator reads: "held: 3 links (hold at 2); first comment from this guest"."""
        return f"{self.status}: " + ("; ".join(self.reasons) if self.reasons else "no concerns")


PhaseResult = Signal | list[Signal] | Refusal | Decision | None
