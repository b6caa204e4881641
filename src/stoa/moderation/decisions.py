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
class Highlight:
    """A character range of the comment's text that a phase points at (``text[begin:end]``), for moderators."""

    begin: int
    end: int
    label: str  # the attribute ("insult") or personal-data type ("phone_number")
    score: float | None = None

    def to_dict(self) -> dict:
        return {"begin": self.begin, "end": self.end, "label": self.label, "score": self.score}


@dataclass(frozen=True)
class Signal:
    """One phase's opinion about a comment.

    ``verdict``: what the phase asks for. ``reason``: plain words a moderator reads ("3 links (hold at 2)"); empty
    for a signal that only carries figures. ``phase``: the phase's name. ``scores``: any figures behind it,
    stored with the decision. ``highlights``: the parts of the text it points at.
    """

    verdict: Verdict
    reason: str
    phase: str
    scores: Mapping[str, float] = field(default_factory=dict)
    highlights: tuple[Highlight, ...] = ()


@dataclass(frozen=True)
class Transform:
    """A phase's rewrite of the comment's text: every later phase, and the stored comment, see ``text`` instead.

    ``note``: what changed, in words a moderator reads ("linkified 2 links"); empty for a change not worth telling
    (trimmed whitespace). ``phase``: the phase's name. ``scores``: figures behind it ({"linkified_links": 2.0}),
    stored with the decision like any phase's figures.
    """

    text: str
    note: str
    phase: str
    scores: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Refusal:
    """A terminal answer that the comment is not accepted at all (nothing is stored; the writer keeps the text).

    ``code``: stable machine name (``thread_closed``, ``rate_limited``, ``too_short``, ``too_long``, ``empty``).
    ``message``: the sentence shown to the writer. ``phase``: who refused. ``retry_after_seconds``: for a refusal
    that lifts by itself (the rate limit), the whole seconds until the same comment would be accepted, as data (the
    ``Retry-After`` header); ``None`` when waiting will not help.
    """

    code: str
    message: str
    phase: str
    retry_after_seconds: int | None = None


@dataclass(frozen=True)
class Decision:
    """The pipeline's verdict on an accepted comment.

    ``status``: the comment's new status. ``reasons``: every reason in plain words, in phase order.
    ``signals``: the signals behind it. ``scores``: all figures any phase reported. ``decided_by``: the phase that
    ended the pipeline (``policy`` unless a phase was terminal). ``highlights``: every part of the text pointed at,
    as offsets into ``text``. ``text``: the comment's text after the transforms, the one to store (``pipeline.run``
    fills it in; ``None`` on a decision built by hand). ``transforms``: what the transforms changed, in words.
    """

    status: Status
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    decided_by: str = "policy"
    highlights: tuple[Highlight, ...] = ()
    text: str | None = None
    transforms: tuple[str, ...] = ()

    @classmethod
    def from_signals(cls, status: Status, signals: tuple[Signal, ...], decided_by: str, reasons=None) -> Decision:
        """A decision carrying every signal's reasons (or the given ones), figures and highlights."""
        return cls(
            status=status,
            reasons=tuple(reasons) if reasons is not None else tuple(s.reason for s in signals if s.reason),
            signals=signals,
            scores={key: value for signal in signals for key, value in signal.scores.items()},
            decided_by=decided_by,
            highlights=tuple(h for signal in signals for h in signal.highlights),
        )

    @property
    def explanation(self) -> str:
        """One line a moderator reads: "held: 3 links (hold at 2); first comment from this guest"."""
        return f"{self.status}: " + ("; ".join(self.reasons) if self.reasons else "no concerns")


def spoken_duration(seconds: float) -> str:
    """A duration as a reason says it: "45 seconds", "5 minutes", "3 hours", "30 days" (rounded down)."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    count = max(0, int(seconds))
    return f"{count} second{'s' if count != 1 else ''}"


PhaseResult = Signal | list[Signal] | Transform | Refusal | Decision | None
