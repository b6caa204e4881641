"""Evaluations of a saved model that go beyond per-attribute held-out metrics: the OLID offensive benchmark,
toxic spans (character-level F1), and identity-term fairness. Used by ``training.py`` for ``metrics.json``.
"""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

from stoa.detection import spans
from stoa.detection.classifier import Model, score
from stoa.detection.fairness import false_positive_rates

FAIRNESS_BOUND = 1.5  # no identity's false-positive rate may exceed 1.5 × the overall rate


def _toxicity(model: Model, texts: list[str]) -> np.ndarray:
    return np.array([s["toxicity"] for s in score(texts, spans=False, model=model)])


def olid_offensive(data: Path, model: Model) -> dict:
    """Macro-F1 and ROC-AUC of the toxicity head on TweetEval's offensive validation split (held out)."""
    texts = (data / "tweeteval/offensive/val_text.txt").read_text(encoding="utf-8").splitlines()
    labels = np.array([int(x) for x in (data / "tweeteval/offensive/val_labels.txt").read_text().split()])
    probabilities = _toxicity(model, texts)
    threshold = model.thresholds["toxicity"]
    return {
        "rows": len(texts),
        "threshold": round(threshold, 2),
        "macro_f1": round(float(f1_score(labels, probabilities >= threshold, average="macro")), 4),
        "roc_auc": round(float(roc_auc_score(labels, probabilities)), 4),
    }


def _span_posts(path: Path) -> list[tuple[str, set[int]]]:
    with path.open(encoding="utf-8") as handle:
        return [(row["text"], set(ast.literal_eval(row["spans"]))) for row in csv.DictReader(handle)]


def _char_f1(predicted: set[int], gold: set[int]) -> float:
    if not gold:
        return 1.0 if not predicted else 0.0
    if not predicted:
        return 0.0
    overlap = len(predicted & gold)
    return 2 * overlap / (len(predicted) + len(gold))


def _span_f1(posts: list[tuple[str, set[int]]], token_scores: list, threshold: float) -> float:
    scores = []
    for (_, gold), tokens in zip(posts, token_scores, strict=True):
        predicted = {i for begin, end, value in tokens if value >= threshold for i in range(begin, end)}
        scores.append(_char_f1(predicted, gold))
    return float(np.mean(scores))


def toxic_spans(data: Path, model: Model, artifacts: Path) -> dict:
    """Tune the span threshold on the toxic-spans training posts; report character F1 on the trial posts."""
    train = _span_posts(data / "toxic_spans/tsd_train.csv")[:3000]
    trial = _span_posts(data / "toxic_spans/tsd_trial.csv")
    train_tokens = [spans.token_toxicity(text, model) for text, _ in train]
    candidates = np.linspace(0.3, 0.95, 27)
    threshold = float(max(candidates, key=lambda t: _span_f1(train, train_tokens, t)))
    (artifacts / "spans.json").write_text(json.dumps({"threshold": round(threshold, 3)}) + "\n")
    spans.span_threshold.cache_clear()
    trial_tokens = [spans.token_toxicity(text, model) for text, _ in trial]
    return {
        "threshold": round(threshold, 3),
        "tuned_on": f"tsd_train (first {len(train)} posts)",
        "char_f1_trial": round(_span_f1(trial, trial_tokens, threshold), 4),
        "trial_posts": len(trial),
    }


def fairness(model: Model) -> dict:
    """False-positive rates of the toxicity head on neutral identity templates, overall and per identity."""
    threshold = model.thresholds["toxicity"]
    overall, per_identity, hostile_recall = false_positive_rates(lambda t: _toxicity(model, list(t)), threshold)
    worst = max(per_identity, key=per_identity.get)
    return {
        "threshold": round(threshold, 2),
        "overall_fpr": round(overall, 4),
        "hostile_recall": round(hostile_recall, 4),
        "worst_identity": worst,
        "worst_fpr": round(per_identity[worst], 4),
        "bound": FAIRNESS_BOUND,
        "within_bound": all(rate <= FAIRNESS_BOUND * overall for rate in per_identity.values()),
        "per_identity_fpr": {k: round(v, 4) for k, v in per_identity.items()},
    }


def evaluate_artifact(data: Path, artifacts: Path) -> dict:
    model = Model(artifacts / "model.npz")
    return {
        "olid_offensive": olid_offensive(data, model),
        "toxic_spans": toxic_spans(data, model, artifacts),
        "fairness": fairness(model),
    }
