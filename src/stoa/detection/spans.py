"""Which character spans of a flagged text drove its toxicity score (Perspective's ``spanScores``).

Each whitespace-separated token of the original text is scored on its own (its normalised words as a text of
one key each); tokens whose toxicity probability reaches the span threshold are returned with their offsets in
the original text, so a disguised word ("l0w1ife") is marked where the reader sees it. The threshold is tuned
on the toxic-spans training posts by ``evaluation.py`` and kept in ``artifacts/spans.json``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from stoa.detection import features
from stoa.detection.results import Span

if TYPE_CHECKING:
    from stoa.detection.classifier import Model

SETTINGS = Path(__file__).resolve().parent / "artifacts" / "spans.json"
DEFAULT_THRESHOLD = 0.5
MIN_SPAN_LETTERS = 3  # a lone "a" or "of" scored on its own says nothing about the text
_TOKEN = re.compile(r"[^\s,;]+")
# Trim punctuation around a word, but not the symbols people disguise words with ("@sshole", "a$$", "sh*t").
_EDGE = re.compile(r"^[^\w@$!|€£*#%]*(.*?)[^\w$*#%]*$", re.DOTALL)


@cache
def span_threshold() -> float:
    try:
        return float(json.loads(SETTINGS.read_text())["threshold"])
    except (OSError, KeyError, ValueError):
        return DEFAULT_THRESHOLD


def _tokens(text: str) -> list[tuple[int, int]]:
    """Token offsets with surrounding punctuation trimmed ("lowlife!" → "lowlife"); tokens under three letters or
    digits are left out."""
    offsets = []
    for match in _TOKEN.finditer(text):
        inner = _EDGE.match(match.group(0))
        begin = match.start() + inner.start(1)
        end = match.start() + inner.end(1)
        if sum(char.isalnum() for char in text[begin:end]) >= MIN_SPAN_LETTERS:
            offsets.append((begin, end))
    return offsets


def token_toxicity(text: str, model: Model) -> list[tuple[int, int, float]]:
    """Every token's toxicity probability on its own, with its offsets."""
    offsets = _tokens(text)
    keys = [features.words_of(text[begin:end]) for begin, end in offsets]
    if not offsets:
        return []
    probabilities = model.probabilities([[word] for words in keys for word in words] or [[]])
    scores, position = [], 0
    for (begin, end), words in zip(offsets, keys, strict=True):
        best = max((probabilities[position + i, 0] for i in range(len(words))), default=0.0)
        scores.append((begin, end, float(best)))
        position += len(words)
    return scores


def find_spans(text: str, model: Model, threshold: float | None = None) -> tuple[Span, ...]:
    limit = span_threshold() if threshold is None else threshold
    return tuple(Span(begin, end, value) for begin, end, value in token_toxicity(text, model) if value >= limit)
