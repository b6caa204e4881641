"""Train and evaluate the harm classifier from ``data/``; write the artifact and its ``metrics.json``.

Run with ``make train`` (``python -m stoa.detection.training``). One logistic regression per attribute over the
additive word features of ``features.py``; Platt scaling fitted on 3-fold cross-validated scores of the training
rows (so probabilities are calibrated without touching the held-out rows); the decision threshold is the one
that maximises F1 on those same cross-validated scores. Every figure in ``metrics.json`` is measured on held-out
rows only. Seeds are fixed; the same data gives the same model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from tqdm import tqdm

from stoa.detection import features
from stoa.detection.datasets import LABEL_SOURCES, Example, load_examples
from stoa.detection.results import ATTRIBUTES

SEED = 20261128
REGULARISATION = 4.0  # LogisticRegression's C
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DATA = Path(__file__).resolve().parents[3] / "data"


@dataclass
class Corpus:
    """The featurised examples: one row of ``matrix`` per example."""

    examples: list[Example]
    matrix: sp.csr_matrix
    idf: np.ndarray


def build_corpus(examples: list[Example]) -> Corpus:
    keys = [features.keys_of(features.words_of(e.text)) for e in tqdm(examples, desc="normalise", unit="text")]
    index = {key: i for i, key in enumerate(dict.fromkeys(key for row in keys for key in row))}
    documents = features.document_key_matrix(keys, index)
    key_counts = features.key_count_matrix(list(index))
    training = np.array([e.split == "train" for e in examples])
    idf = features.fit_idf(documents[training], key_counts)
    matrix = features.feature_matrix(documents, features.weighted_key_vectors(key_counts, idf))
    return Corpus(examples, matrix, idf)


def _rows(corpus: Corpus, attribute: str, split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    chosen = [i for i, e in enumerate(corpus.examples) if e.split == split and attribute in e.labels]
    labels = np.array([corpus.examples[i].labels[attribute] for i in chosen])
    weights = np.array([corpus.examples[i].weight for i in chosen])
    return np.array(chosen), labels, weights


def _fit(matrix: sp.csr_matrix, labels: np.ndarray, weights: np.ndarray) -> LogisticRegression:
    model = LogisticRegression(C=REGULARISATION, solver="liblinear", max_iter=1000, random_state=SEED)
    return model.fit(matrix, labels, sample_weight=weights)


def _cross_validated_logits(matrix: sp.csr_matrix, labels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    logits = np.zeros(len(labels))
    for fit_rows, held_rows in StratifiedKFold(3, shuffle=True, random_state=SEED).split(matrix, labels):
        logits[held_rows] = _fit(matrix[fit_rows], labels[fit_rows], weights[fit_rows]).decision_function(
            matrix[held_rows]
        )
    return logits


def _platt(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    scaler = LogisticRegression(C=1e6, random_state=SEED).fit(logits.reshape(-1, 1), labels)
    return float(scaler.coef_[0, 0]), float(scaler.intercept_[0])


def calibrated(logits: np.ndarray, platt: tuple[float, float]) -> np.ndarray:
    return expit(platt[0] * logits + platt[1])


def best_threshold(probabilities: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.linspace(0.05, 0.95, 91)
    scores = [f1_score(labels, probabilities >= t, zero_division=0) for t in candidates]
    return float(candidates[int(np.argmax(scores))])


def calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the gap between predicted and observed rates, averaged over 10 bins."""
    edges = np.minimum((probabilities * bins).astype(int), bins - 1)
    gaps = [
        abs(probabilities[edges == b].mean() - labels[edges == b].mean()) * np.mean(edges == b)
        for b in range(bins)
        if np.any(edges == b)
    ]
    return float(sum(gaps))


@dataclass
class AttributeModel:
    attribute: str
    coef: np.ndarray
    bias: float
    platt: tuple[float, float]
    threshold: float
    metrics: dict


def _held_out_metrics(probabilities: np.ndarray, labels: np.ndarray, threshold: float) -> dict:
    predicted = probabilities >= threshold
    return {
        "rows": int(len(labels)),
        "positives": int(labels.sum()),
        "roc_auc": round(float(roc_auc_score(labels, probabilities)), 4),
        "f1": round(float(f1_score(labels, predicted, zero_division=0)), 4),
        "macro_f1": round(float(f1_score(labels, predicted, average="macro", zero_division=0)), 4),
        "calibration_error": round(calibration_error(probabilities, labels), 4),
    }


def _per_source(corpus: Corpus, rows: np.ndarray, probabilities: np.ndarray, labels: np.ndarray, t: float) -> dict:
    sources = np.array([corpus.examples[i].source for i in rows])
    return {
        source: _held_out_metrics(probabilities[sources == source], labels[sources == source], t)
        for source in sorted(set(sources))
        if len(set(labels[sources == source])) == 2
    }


def train_attribute(corpus: Corpus, attribute: str) -> AttributeModel:
    rows, labels, weights = _rows(corpus, attribute, "train")
    matrix = corpus.matrix[rows]
    cv_logits = _cross_validated_logits(matrix, labels, weights)
    platt = _platt(cv_logits, labels)
    cv_probabilities = calibrated(cv_logits, platt)
    threshold = best_threshold(cv_probabilities, labels)
    model = _fit(matrix, labels, weights)
    test_rows, test_labels, _ = _rows(corpus, attribute, "test")
    probabilities = calibrated(model.decision_function(corpus.matrix[test_rows]), platt)
    metrics = _held_out_metrics(probabilities, test_labels, threshold) | {
        "threshold": round(threshold, 2),
        "train_rows": int(len(rows)),
        "by_source": _per_source(corpus, test_rows, probabilities, test_labels, threshold),
    }
    return AttributeModel(
        attribute, model.coef_[0].astype(np.float32), float(model.intercept_[0]), platt, threshold, metrics
    )


def model_version(examples: list[Example]) -> str:
    return f"stoa-linear-{dt.date.today():%Y%m%d}-{len(examples)}"


def save_artifact(directory: Path, idf: np.ndarray, models: list[AttributeModel], version: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    coef = np.stack([m.coef for m in models], axis=1)
    path = directory / "model.npz"
    np.savez_compressed(
        path,
        weights=(coef * idf[:, None]).astype(np.float32),
        idf=idf,
        bias=np.array([m.bias for m in models], dtype=np.float32),
        platt=np.array([m.platt for m in models], dtype=np.float32),
        thresholds=np.array([m.threshold for m in models], dtype=np.float32),
        attributes=np.array([m.attribute for m in models]),
        version=np.array(version),
    )
    return path


def personal_data_metrics(data: Path = DATA) -> dict:
    """Precision and recall per type of the personal-data detector on the synthetic Presidio sentences."""
    from stoa.detection.evaluate_personal_data import evaluate

    return {
        "data": "presidio_synth_pii/synth_dataset_v2.json (synthetic; every row held out: nothing is trained)",
        "types": evaluate(data / "presidio_synth_pii" / "synth_dataset_v2.json"),
    }


def train(data: Path = DATA, artifacts: Path = ARTIFACTS) -> dict:
    """Rebuild the model and its metrics from ``data``; returns the metrics written to ``metrics.json``."""
    examples = load_examples(data)
    corpus = build_corpus(examples)
    models = [train_attribute(corpus, attribute) for attribute in tqdm(ATTRIBUTES, desc="train", unit="attribute")]
    version = model_version(examples)
    save_artifact(artifacts, corpus.idf, models, version)
    from stoa.detection.evaluation import evaluate_artifact  # after saving: it scores with the saved model

    metrics = (
        {
            "model": version,
            "features": {
                "kind": "hashed words, word pairs and character 2-5-grams of words, additive",
                "n_features": features.N_FEATURES,
            },
            "training": {
                "seed": SEED,
                "C": REGULARISATION,
                "calibration": "Platt on 3-fold cross-validated logits",
                "threshold": "max F1 on cross-validated training predictions",
            },
            "split": "TweetEval's val split for OLID and HatEval, ConvAbuse's valid split, else 20% by SHA-256 of text",
            "label_sources": LABEL_SOURCES,
            "attributes": {m.attribute: m.metrics for m in models},
        }
        | evaluate_artifact(data, artifacts)
        | {"personal_data": personal_data_metrics(data)}
    )
    (artifacts / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train Stoa's harm classifier and write its metrics.")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--artifacts", type=Path, default=ARTIFACTS)
    args = parser.parse_args(argv)
    metrics = train(args.data, args.artifacts)
    for attribute, figures in metrics["attributes"].items():
        line = (
            f"{attribute:18} ROC-AUC {figures['roc_auc']:.3f}  F1 {figures['f1']:.3f}  "
            f"ECE {figures['calibration_error']:.3f}  threshold {figures['threshold']}"
        )
        print(line)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
