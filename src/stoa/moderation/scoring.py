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
    """The trained classifier of ``stoa.detection``."""

    def score(self, text: str) -> Scores:
        from stoa.detection.classifier import ModelUnavailable, score

        try:
            return score([text])[0]
        except ModelUnavailable as error:
            raise ScorerUnavailable(str(error)) from error


class DetectionPersonalData:
    """The personal-data and doxxing detector of ``stoa.detection``."""

    def find(self, text: str) -> list[Finding]:
        from stoa.detection.personal_data import find_personal_data

        return find_personal_data(text)
