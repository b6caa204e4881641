"""What the detection engine returns: typed, JSON-ready results (the contract the CLI and API print)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_TEXT_CHARS = 20_000  # the longest text the engine scores (Perspective's limit is 20 KB)

ATTRIBUTES: tuple[str, ...] = (
    "toxicity",
    "severe_toxicity",
    "insult",
    "threat",
    "identity_attack",
    "profanity",
    "sexually_explicit",
)


@dataclass(frozen=True)
class Span:
    """A character range of the scored text (``text[begin:end]``) that drove an attribute's score."""

    begin: int
    end: int
    score: float
    attribute: str = "toxicity"

    def to_dict(self) -> dict:
        return {"begin": self.begin, "end": self.end, "score": round(self.score, 4), "attribute": self.attribute}


@dataclass(frozen=True)
class Scores:
    """One text's calibrated probabilities (0–1) per attribute, the spans behind them, and the model version."""

    attributes: Mapping[str, float]
    spans: tuple[Span, ...] = ()
    model: str = ""

    def __getitem__(self, attribute: str) -> float:
        return self.attributes[attribute]

    def to_dict(self) -> dict:
        return {
            "scores": {name: round(value, 4) for name, value in self.attributes.items()},
            "spans": [span.to_dict() for span in self.spans],
            "model": self.model,
        }


@dataclass(frozen=True)
class Finding:
    """A piece of personal data or a doxxing threat found in a text.

    ``type``: one of ``PERSONAL_DATA_TYPES``. ``begin``/``end``: character offsets into the text.
    ``text``: the matched characters. ``detail``: why (e.g. the phone number's region).
    """

    type: str
    begin: int
    end: int
    text: str
    detail: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"type": self.type, "begin": self.begin, "end": self.end}


PERSONAL_DATA_TYPES: tuple[str, ...] = (
    "phone_number",
    "email_address",
    "street_address",
    "postcode",
    "profile_link",
    "home_threat",  # "we know where you live", "call social services on her", "her kids play outside at …"
)
