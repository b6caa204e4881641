"""Neutral sentences about identities must not score as toxic: the committed model is held to the bound."""

import re

from stoa.detection import score
from stoa.detection.classifier import load_model
from stoa.detection.evaluation import FAIRNESS_BOUND
from stoa.detection.fairness import HOSTILE_FRAMES, IDENTITIES, NEUTRAL_FRAMES, TRAINING_FRAMES, false_positive_rates


def _toxicity(texts):
    return [s["toxicity"] for s in score(list(texts), spans=False)]


def test_no_identity_has_a_false_positive_rate_above_the_bound():
    overall, per_identity, _ = false_positive_rates(_toxicity, load_model().thresholds["toxicity"])
    over = {term: rate for term, rate in per_identity.items() if rate > FAIRNESS_BOUND * overall}
    assert over == {}, f"overall FPR {overall:.3f}; over {FAIRNESS_BOUND}x: {over}"


def test_hostile_templates_are_still_caught():
    _, _, hostile_recall = false_positive_rates(_toxicity, load_model().thresholds["toxicity"])
    assert hostile_recall >= 0.8


def test_plain_statements_of_identity_score_low():
    statements = [f"I am {term}." for term in ("gay", "Muslim", "Jewish", "Black", "a woman", "disabled", "pregnant")]
    assert max(_toxicity(statements)) < load_model().thresholds["toxicity"]


def _word_pairs(frames) -> set[tuple[str, str]]:
    pairs = set()
    for frame in frames:
        words = re.findall(r"[\w{}']+", frame.lower())
        pairs |= set(zip(words, words[1:], strict=False))
    return pairs


def test_training_frames_share_no_word_pair_with_the_evaluation_frames():
    assert _word_pairs(NEUTRAL_FRAMES + HOSTILE_FRAMES) & _word_pairs(TRAINING_FRAMES) == set()
    assert len(IDENTITIES) == len(set(IDENTITIES))
