"""Neutral sentences about identities must not score as toxic: the committed model is held to the bound."""

from stoa.detection import score
from stoa.detection.classifier import load_model
from stoa.detection.evaluation import FAIRNESS_BOUND
from stoa.detection.fairness import IDENTITIES, NEUTRAL_FRAMES, TRAINING_FRAMES, false_positive_rates


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


def test_evaluation_frames_are_never_training_frames():
    assert not set(NEUTRAL_FRAMES) & set(TRAINING_FRAMES)
    assert len(IDENTITIES) == len(set(IDENTITIES))
