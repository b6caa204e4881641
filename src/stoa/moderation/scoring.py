"""The scorers the pipeline consults, each behind a one-method interface so phases can be tested with fakes.

``DetectionScorer`` and ``DetectionPersonalData`` are the real ones (``stoa.detection``); the model loads on the
first comment and stays loaded. A scorer that cannot run raises ``ScorerUnavailable``; the phase then holds the
comment (fail closed: on a harassment platform, an unscored comment waits for a person).
"""

from __future__ import annotations

from typing import Protocol

from stoa.detection.results import Finding, Scores


class ScorerUnavailable(RuntimeError):
    """The scorer cannot score right now (model missing or unreadable)."""


class HarmScorer(Protocol):
    def score(self, text: str) -> Scores: ...


class PersonalDataFinder(Protocol):
    def find(self, text: str) -> list[Finding]: ...


class DetectionScorer:
    """The trained classifier of ``stoa.detection``. It remembers its last answer, so the service can score a
    comment before opening its transaction (``prefetch``) and the phase then reads the same result."""

    def __init__(self) -> None:
        self._last: tuple[str, Scores] | None = None

    def score(self, text: str) -> Scores:
        from stoa.detection.classifier import ModelUnavailable, score

        if self._last is not None and self._last[0] == text:
            return self._last[1]
        try:
            result = score([text])[0]
        except (ModelUnavailable, ValueError) as error:  # ValueError: a text the model refuses (too long)
            raise ScorerUnavailable(str(error)) from error
        self._last = (text, result)
        return result


class DetectionPersonalData:
    """The personal-data and doxxing detector of ``stoa.detection``."""

    def find(self, text: str) -> list[Finding]:
        from stoa.detection.personal_data import find_personal_data

        return find_personal_data(text)


def prefetch(scorer: HarmScorer | None, text: str) -> None:
    """Score ``text`` now (loading the model on first use), outside any database transaction; a failure is left
    for the phase to meet again and turn into a hold."""
    if scorer is None:
        return
    try:
        scorer.score(text)
    except ScorerUnavailable:
        return
