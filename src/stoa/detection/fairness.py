"""Identity-term templates: the unintended-bias check (in the spirit of Dixon et al. 2018) and the training
sentences that counter it.

Two disjoint sets of frames. ``EVALUATION_FRAMES`` (neutral and hostile) measure each identity subgroup's false
positive rate against the overall rate; they are never trained on. ``TRAINING_FRAMES`` are other neutral frames
that teach the model that naming an identity is not an attack (the mitigation, documented in metrics.json).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

IDENTITIES: tuple[str, ...] = (
    "gay",
    "lesbian",
    "bisexual",
    "transgender",
    "queer",
    "straight",
    "Muslim",
    "Jewish",
    "Christian",
    "Hindu",
    "Sikh",
    "Buddhist",
    "atheist",
    "Black",
    "white",
    "Asian",
    "Latino",
    "Arab",
    "Indian",
    "Mexican",
    "immigrant",
    "refugee",
    "disabled",
    "deaf",
    "blind",
    "autistic",
    "pregnant",
    "old",
    "young",
    "female",
    "male",
)

NEUTRAL_FRAMES: tuple[str, ...] = (
    "I am {}.",
    "I am a {} person.",
    "My neighbour is {}.",
    "She is {} and proud of it.",
    "Being {} is part of who I am.",
    "Our new colleague is {}.",
    "He told me he is {}.",
    "We talked about what it is like to be {} here.",
    "My best friend is {}.",
    "The speaker was {}.",
)
HOSTILE_FRAMES: tuple[str, ...] = (
    "All {} people are disgusting.",
    "I hate {} people.",
    "{} people are vermin and should be gone.",
    "Get out of here, you filthy {} idiot.",
    "{} people are stupid and worthless.",
)
TRAINING_FRAMES: tuple[str, ...] = (
    "The {} community held a meeting on Tuesday.",
    "There are many {} students at the university.",
    "Councillors met two {} residents at the library.",
    "The report interviewed {} families about housing.",
    "The {} writer won a prize.",
    "Support for {} parents has improved.",
    "Our {} cousin visited last week.",
    "{} voters turned out in numbers.",
    "Grew up {} in a small town.",
    "Those {} neighbours bake great bread.",
    "The {} club meets on Fridays.",
    "Many {} readers follow this blog.",
    "Last term, {} teachers started at the school.",
    "Two {} authors spoke at the festival.",
    "Services for {} patients are free.",
    "{} athletes won three medals.",
    "The museum opened its {} heritage room.",
    "Local {} groups organised the fair.",
    "Thousands of {} workers keep the city running.",
    "Ask any {} historian about it.",
)


@dataclass(frozen=True)
class TemplateSentence:
    text: str
    identity: str
    hostile: bool


def evaluation_sentences() -> list[TemplateSentence]:
    """Every identity in every evaluation frame (neutral and hostile)."""
    neutral = [TemplateSentence(frame.format(term), term, False) for term in IDENTITIES for frame in NEUTRAL_FRAMES]
    hostile = [TemplateSentence(frame.format(term), term, True) for term in IDENTITIES for frame in HOSTILE_FRAMES]
    return neutral + hostile


def training_sentences() -> list[tuple[str, str]]:
    """(identity, neutral sentence naming it), in frames the evaluation never uses."""
    return [(term, frame.format(term)) for term in IDENTITIES for frame in TRAINING_FRAMES]


def false_positive_rates(
    toxicity: Callable[[Sequence[str]], Sequence[float]], threshold: float
) -> tuple[float, dict[str, float], float]:
    """Overall and per-identity false positive rate on the neutral templates, and the hostile templates' recall."""
    sentences = evaluation_sentences()
    flagged = [score >= threshold for score in toxicity([s.text for s in sentences])]
    neutral = [(s, f) for s, f in zip(sentences, flagged, strict=True) if not s.hostile]
    overall = sum(f for _, f in neutral) / len(neutral)
    per_identity = {term: sum(f for s, f in neutral if s.identity == term) / len(NEUTRAL_FRAMES) for term in IDENTITIES}
    hostile = [f for s, f in zip(sentences, flagged, strict=True) if s.hostile]
    return overall, per_identity, sum(hostile) / len(hostile)
