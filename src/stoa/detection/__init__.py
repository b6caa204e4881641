"""Stoa's detection engine: pure Python, importing nothing from Django, usable alone and from the CLI.

``score(texts)`` gives calibrated probabilities for the Perspective attributes, with spans; the model loads
lazily, once per process. ``find_personal_data(text)`` finds phone numbers, addresses, profile links and
threats against someone's home or family.
"""

from stoa.detection.classifier import MAX_TEXT_CHARS, ModelUnavailable, score
from stoa.detection.personal_data import find_personal_data
from stoa.detection.results import ATTRIBUTES, PERSONAL_DATA_TYPES, Finding, Scores, Span
from stoa.detection.text import find_terms, fold, normalise

__all__ = [
    "ATTRIBUTES",
    "MAX_TEXT_CHARS",
    "PERSONAL_DATA_TYPES",
    "Finding",
    "ModelUnavailable",
    "Scores",
    "Span",
    "find_personal_data",
    "find_terms",
    "fold",
    "normalise",
    "score",
]
