"""Lexicon checks over folded text: does a text use a listed profanity or sexual term?"""

from __future__ import annotations

import re

from stoa.detection.text import normalise
from stoa.detection.wordlists import PROFANITY, SEXUAL_TERMS

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _words(text: str) -> set[str]:
    words = set(_WORD.findall(normalise(text)))
    return (
        words
        | {word[:-1] for word in words if word.endswith("s")}
        | {word[:-2] for word in words if word.endswith("es")}
    )


def lexicon_words(text: str, lexicon: frozenset[str]) -> set[str]:
    """The lexicon's words used in ``text`` (plurals count), read through the same normalisation as the model."""
    return _words(text) & lexicon


def has_profanity(text: str) -> bool:
    return bool(lexicon_words(text, PROFANITY))


def has_sexual_term(text: str) -> bool:
    return bool(lexicon_words(text, SEXUAL_TERMS))
