"""Scoring imported comments with the trained model in batches: one sparse product per batch, not per comment.

``score_batch`` scores what the model accepts and leaves out the rest (a text over the length limit); when
scoring is switched off (``STOA_SCORING``) or the model cannot load, it scores nothing and says why, and the
import goes on without scores. ``BatchScorer`` hands those results to the moderation pipeline (``--moderate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from stoa.detection.results import MAX_TEXT_CHARS, Scores
from stoa.moderation.decisions import Highlight
from stoa.moderation.scoring import DetectionScorer

BATCH_SIZE = 256


@dataclass
class BatchScores:
    """Scores by text; ``unavailable`` says why there are none (scoring off, model missing), else empty."""

    by_text: dict[str, Scores] = field(default_factory=dict)
    unavailable: str = ""


def score_batch(texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> BatchScores:
    """Score the distinct ``texts`` the model accepts, ``batch_size`` at a time."""
    if not settings.CONFIG.scoring:
        return BatchScores(unavailable="scoring is switched off (STOA_SCORING)")
    from stoa.detection.classifier import ModelUnavailable, score

    distinct = [text for text in dict.fromkeys(texts) if len(text) <= MAX_TEXT_CHARS]
    result = BatchScores()
    try:
        for start in range(0, len(distinct), batch_size):
            chunk = distinct[start : start + batch_size]
            result.by_text.update(zip(chunk, score(chunk), strict=True))
    except ModelUnavailable as error:
        return BatchScores(unavailable=str(error))
    return result


def figures(scores: Scores | None) -> dict[str, float]:
    """The scores as a decision stores them (the pipeline's harm phase rounds them the same way)."""
    return {name: round(value, 4) for name, value in scores.attributes.items()} if scores else {}


def highlights(scores: Scores | None) -> list[dict]:
    if scores is None:
        return []
    return [Highlight(s.begin, s.end, s.attribute, round(s.score, 4)).to_dict() for s in scores.spans]


class BatchScorer(DetectionScorer):
    """The pipeline's scorer, answering from a batch already scored; a text not in it (one a phase rewrote) is
    scored on its own, as ``DetectionScorer`` always does."""

    def __init__(self, batch: BatchScores) -> None:
        super().__init__()
        self._batch = batch.by_text

    def score(self, text: str) -> Scores:
        found = self._batch.get(text)
        return found if found is not None else super().score(text)
