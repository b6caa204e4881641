"""Scoring with the committed model: loaded lazily, once per process; batches scored with one sparse product.

The model is linear over additive per-key features (``features.py``), so each distinct word or word pair's
contribution to every attribute is computed once and cached. Scoring a batch is then: look up its keys, one
sparse (documents × keys) product for the summed contributions and one for the normalisers, Platt scaling.
"""

from __future__ import annotations

import threading
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from scipy.special import expit

from stoa.detection import features
from stoa.detection.results import ATTRIBUTES, MAX_TEXT_CHARS, Scores
from stoa.detection.spans import find_spans

ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "model.npz"
_CACHE_LIMIT = 500_000
_FEW_KEYS = 64


class ModelUnavailable(RuntimeError):
    """The model artifact is missing or unreadable: callers decide their failure mode (the pipeline holds)."""


class _KeyCache:
    """Contribution (one column per attribute) and squared norm of each key seen so far, in arrays that grow by
    doubling, so adding a few keys never copies the whole cache."""

    def __init__(self, attributes: int, capacity: int = 4096) -> None:
        self.index: dict[str, int] = {}
        self.contributions = np.zeros((capacity, attributes), dtype=np.float32)
        self.squared_norms = np.zeros(capacity, dtype=np.float32)

    def add(self, keys: list[str], contributions: np.ndarray, squared_norms: np.ndarray) -> None:
        start, end = len(self.index), len(self.index) + len(keys)
        if end > len(self.squared_norms):
            capacity = max(end, 2 * len(self.squared_norms))
            self.contributions = np.resize(self.contributions, (capacity, self.contributions.shape[1]))
            self.squared_norms = np.resize(self.squared_norms, capacity)
        self.contributions[start:end] = contributions
        self.squared_norms[start:end] = squared_norms
        for offset, key in enumerate(keys):
            self.index[key] = start + offset

    def rows(self, texts_keys: list[list[str]]) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
        """Each text's key rows, and the tables as they are now (call under the model's lock)."""
        index, size = self.index, len(self.index)
        return (
            [[index[key] for key in keys] for keys in texts_keys],
            self.contributions[:size],
            self.squared_norms[:size],
        )


class Model:
    """The trained linear model: weights already multiplied by IDF, one column per attribute."""

    def __init__(self, path: Path = ARTIFACT) -> None:
        try:
            with path.open("rb") as handle, np.load(handle) as stored:
                self.weights, self.idf = stored["weights"], stored["idf"]
                self.bias, self.platt = stored["bias"], stored["platt"]
                self.thresholds = dict(zip(stored["attributes"].tolist(), stored["thresholds"].tolist(), strict=True))
                self.version = str(stored["version"])
                order = stored["attributes"].tolist()
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as error:
            raise ModelUnavailable(f"cannot load the model from {path}: {error}") from error
        if tuple(order) != ATTRIBUTES:
            raise ModelUnavailable(f"the model at {path} scores {order}, expected {list(ATTRIBUTES)}")
        self._cache = _KeyCache(len(ATTRIBUTES))
        self._lock = threading.Lock()

    def _key_tables(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each new key's contribution to every attribute, and its vector's squared norm."""
        if len(keys) <= _FEW_KEYS:
            return self._few_key_tables(keys)
        counts = features.key_count_matrix(keys)
        contributions = np.asarray(counts @ self.weights, dtype=np.float32)
        squared_norms = np.asarray(counts.multiply(counts) @ (self.idf**2), dtype=np.float32).ravel()
        return contributions, squared_norms

    def _few_key_tables(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The same tables for a handful of keys (one new comment) with plain indexing: scipy's sparse set-up
        costs more than the arithmetic here."""
        contributions = np.empty((len(keys), len(ATTRIBUTES)), dtype=np.float32)
        squared_norms = np.empty(len(keys), dtype=np.float32)
        for row, key in enumerate(keys):
            tally = Counter(features.key_features(key))
            indices = np.fromiter(tally.keys(), dtype=np.int64, count=len(tally))
            counts = np.fromiter(tally.values(), dtype=np.float32, count=len(tally))
            contributions[row] = counts @ self.weights[indices]
            squared_norms[row] = float(np.dot(counts * self.idf[indices], counts * self.idf[indices]))
        return contributions, squared_norms

    def _rows(self, texts_keys: list[list[str]]) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
        """Look up (adding where new) every key under the lock, so concurrent callers never see a half-grown cache."""
        with self._lock:
            if len(self._cache.index) > _CACHE_LIMIT:
                self._cache = _KeyCache(len(ATTRIBUTES))
            new = list(dict.fromkeys(k for keys in texts_keys for k in keys if k not in self._cache.index))
            if new:
                self._cache.add(new, *self._key_tables(new))
            return self._cache.rows(texts_keys)

    def logits(self, texts_keys: list[list[str]]) -> np.ndarray:
        """Uncalibrated scores, one row per text and one column per attribute."""
        rows, contributions, squared_norms = self._rows(texts_keys)
        documents = features.document_row_matrix(rows, len(squared_norms))
        denominator = np.sqrt(documents @ squared_norms)
        denominator[denominator == 0] = 1.0
        return (documents @ contributions) / denominator[:, None] + self.bias

    def probabilities(self, texts_keys: list[list[str]]) -> np.ndarray:
        logits = self.logits(texts_keys)
        return expit(self.platt[:, 0] * logits + self.platt[:, 1])


@cache
def load_model(path: Path = ARTIFACT) -> Model:
    """The model, loaded on first use and kept for the life of the process."""
    return Model(path)


def _keys(texts: Sequence[str]) -> list[list[str]]:
    for text in texts:
        if len(text) > MAX_TEXT_CHARS:
            raise ValueError(f"text of {len(text):,} characters is over the {MAX_TEXT_CHARS:,} limit")
    return [features.keys_of(features.words_of(text)) for text in texts]


def score(texts: Sequence[str], *, spans: bool = True, model: Model | None = None) -> list[Scores]:
    """Calibrated probabilities per attribute for each text, with the spans behind flagged texts."""
    model = model or load_model()
    probabilities = model.probabilities(_keys(texts))
    results = []
    for text, row in zip(texts, probabilities, strict=True):
        values = {name: float(value) for name, value in zip(ATTRIBUTES, row, strict=True)}
        flagged = spans and values["toxicity"] >= model.thresholds["toxicity"]
        results.append(Scores(values, find_spans(text, model) if flagged else (), model.version))
    return results
