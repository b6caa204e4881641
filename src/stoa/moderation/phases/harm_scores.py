"""Content check: the trained harm model's calibrated scores against the site's hold and reject bands.

The scores are always recorded (a figures-only signal when nothing crosses a band), so queues can sort by them.
If the model cannot run, the comment is held: fail closed, and the reason says so.

The reason names the attributes, scores and thresholds and how many passages the model marked, never the words:
reasons are stored with the decision and in the append-only audit log, where a text a moderator redacted or an
author deleted must not survive. The passages themselves are highlights (offsets into the stored text), which the
queue marks for moderators and which mean nothing once the text is gone.
"""

from __future__ import annotations

from collections.abc import Mapping

from stoa.detection.results import Scores
from stoa.moderation.context import ModerationContext
from stoa.moderation.decisions import Highlight, Signal, Verdict
from stoa.moderation.scoring import ScorerUnavailable

PHASE = "harm_scores"


def _spans_note(scores: Scores) -> str:
    count = len(scores.spans)
    return f" ({count} passage{'s' if count != 1 else ''} marked)" if count else ""


def crossed(scores: Scores, bands: Mapping[str, float]) -> list[tuple[str, float, float]]:
    """The attributes at or above their band, as (name, score, threshold); the nudge uses the same test."""
    return [(name, scores[name], limit) for name, limit in bands.items() if scores.attributes.get(name, 0.0) >= limit]


def _signal(verdict: Verdict, crossed, scores: Scores, highlights, figures) -> Signal:
    words = "; ".join(f"{name} {value:.2f} ≥ {limit:.2f}" for name, value, limit in crossed)
    return Signal(verdict, words + _spans_note(scores), PHASE, figures, highlights)


def check_harm_scores(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Signal | None:
    if context.scorer is None:
        return None
    try:
        scores = context.scorer.score(context.text)
    except ScorerUnavailable:
        return Signal(Verdict.REVIEW, "the harm model is unavailable, so a person must review this comment", PHASE)
    figures = {name: round(value, 4) for name, value in scores.attributes.items()}
    highlights = tuple(Highlight(s.begin, s.end, s.attribute, round(s.score, 4)) for s in scores.spans)
    settings = context.settings
    if rejected := crossed(scores, settings.reject_thresholds):
        return _signal(Verdict.REJECT, rejected, scores, highlights, figures)
    if held := crossed(scores, settings.hold_thresholds):
        return _signal(Verdict.REVIEW, held, scores, highlights, figures)
    return Signal(Verdict.NOTE, "", PHASE, figures, highlights)
