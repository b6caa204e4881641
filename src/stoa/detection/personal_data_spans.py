"""Span bookkeeping shared by the personal-data finders: overlap removal and folded text mapped to the original."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from stoa.detection.results import Finding
from stoa.detection.text import fold


def overlaps(finding: Finding, others: Iterable[Finding]) -> bool:
    """Whether ``finding`` shares at least one character with any of ``others``."""
    return any(finding.begin < other.end and other.begin < finding.end for other in others)


def without_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per stretch of text: where candidates overlap, the longest wins, then the earliest."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.begin - f.end, f.begin)):
        if not overlaps(finding, kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.begin)


def trimmed(text: str, begin: int, end: int, junk: str = " \t\r\n,.;:") -> tuple[int, int]:
    """The span without the spaces and punctuation a pattern swallowed at either end."""
    while begin < end and text[begin] in junk:
        begin += 1
    while end > begin and text[end - 1] in junk:
        end -= 1
    return begin, end


class FoldedText:
    """``fold(text)`` with a map back to the original, because folding can change length (NFKC, ß → ss).

    Patterns run over ``folded`` (lower case, look-alikes and leetspeak undone); ``span`` turns a match's
    offsets into offsets of the original text, so a finding always quotes what the writer typed.
    """

    _origin: Sequence[int]

    def __init__(self, text: str) -> None:
        self.text = text
        folded = fold(text)
        if _folds_in_place(text, folded):
            self.folded, self._origin = folded, range(len(text) + 1)
        else:
            self.folded, self._origin = _fold_mapped(text)

    def span(self, match: re.Match[str]) -> tuple[int, int]:
        """The original text's ``(begin, end)`` for a match in ``folded``."""
        if match.end() == match.start():
            return self._origin[match.start()], self._origin[match.start()]
        begin, end = self._origin[match.start()], self._origin[match.end() - 1] + 1
        return trimmed(self.text, begin, end)


def _folds_in_place(text: str, folded: str) -> bool:
    """Whether folding kept every character where it was (the usual case), so offsets carry over unchanged.

    Text already in NFKC form whose case folding keeps its length loses no character to folding (look-alikes
    and leetspeak are replaced one for one); if the folded text is then as long, no character was removed.
    """
    if text.isascii():
        return len(folded) == len(text)
    return unicodedata.is_normalized("NFKC", text) and len(text.casefold()) == len(text) == len(folded)


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """Fold character by character to learn where each folded character came from, then fold the whole.

    Folding the whole again only reads leetspeak across each word, which keeps length; if it does not (a
    combining accent composed by NFKC), the character-wise fold is used as is.
    """
    pieces = [fold(char) for char in text]
    origin = [index for index, piece in enumerate(pieces) for _ in piece] + [len(text)]
    joined = "".join(pieces)
    refolded = fold(joined)
    return (refolded if len(refolded) == len(joined) else joined), origin
