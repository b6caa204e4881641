"""Text → features, built from per-word pieces so that a linear model scores a comment by adding up its words.

A text's words ("keys": each word, and each pair of neighbouring words) each own a sparse vector: the hashed
word (or pair) and, for words, its character 2–5-grams, weighted by IDF. A text's feature vector is the sum of
its keys' vectors divided by ``sqrt(Σ ||key vector||²)``. Because that definition is additive over keys, a
trained linear model can precompute each key's contribution once and score a batch with one sparse product
(``classifier.py``); training builds exactly the same vectors as a matrix (``feature_matrix``). Hashing is
MurmurHash3, deterministic across processes (unlike Python's ``hash``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from stoa.detection.text import normalise
from stoa.detection.wordlists import IDENTITY_TERMS

N_FEATURES = 2**18
CHAR_NGRAMS = (2, 3, 4, 5)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


IDENTITY_TOKEN = "⟨identity⟩"  # noqa: S105 - a placeholder word, not a secret


def words_of(text: str) -> list[str]:
    """The words of ``text`` after normalisation (case, look-alikes, leetspeak, spacing, repeats), with every
    identity term replaced by one shared token (``wordlists.IDENTITY_TERMS``)."""
    return [IDENTITY_TOKEN if word in IDENTITY_TERMS else word for word in _WORD.findall(normalise(text))]


def keys_of(words: list[str]) -> list[str]:
    """A text's keys: its words, then each neighbouring pair as "first second"."""
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]


def _hash(feature: str) -> int:
    return murmurhash3_32(feature, positive=True) % N_FEATURES


@lru_cache(maxsize=300_000)
def key_features(key: str) -> tuple[int, ...]:
    """Hashed feature indices of one key (repeats allowed: a repeated n-gram counts twice)."""
    if " " in key:
        return (_hash(f"b:{key}"),)
    padded = f" {key} "
    grams = [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]
    return (_hash(f"w:{key}"), *(_hash(f"c:{gram}") for gram in grams))


def key_count_matrix(keys: Sequence[str]) -> sp.csr_matrix:
    """One row per key: counts of its hashed features."""
    columns = [index for key in keys for index in key_features(key)]
    rows = np.repeat(np.arange(len(keys)), [len(key_features(key)) for key in keys])
    data = np.ones(len(columns), dtype=np.float32)
    return sp.csr_matrix((data, (rows, columns)), shape=(len(keys), N_FEATURES), dtype=np.float32)


def document_key_matrix(texts_keys: Sequence[list[str]], index: dict[str, int]) -> sp.csr_matrix:
    """Documents × keys counts, for keys already in ``index``."""
    return document_row_matrix([[index[key] for key in keys] for keys in texts_keys], len(index))


def document_row_matrix(rows: Sequence[list[int]], width: int) -> sp.csr_matrix:
    """Documents × keys counts from each document's key row numbers."""
    columns = np.fromiter((column for row in rows for column in row), dtype=np.int64)
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    pointers = np.concatenate(([0], np.cumsum(lengths)))
    matrix = sp.csr_matrix((np.ones(len(columns), dtype=np.float32), columns, pointers), shape=(len(rows), width))
    matrix.sum_duplicates()
    return matrix


def fit_idf(documents: sp.csr_matrix, key_counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed IDF per hashed feature, counting in how many documents each feature occurs."""
    presence = (documents @ key_counts).tocsr()
    frequency = np.bincount(presence.indices, minlength=N_FEATURES)
    return (np.log((1 + documents.shape[0]) / (1 + frequency)) + 1).astype(np.float32)


def feature_matrix(documents: sp.csr_matrix, key_vectors: sp.csr_matrix) -> sp.csr_matrix:
    """Each document's summed key vectors, divided by ``sqrt(Σ ||key vector||²)`` over its keys."""
    squared_norms = np.asarray(key_vectors.multiply(key_vectors).sum(axis=1)).ravel()
    denominator = np.sqrt(documents @ squared_norms)
    denominator[denominator == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / denominator) @ (documents @ key_vectors), dtype=np.float32)


def weighted_key_vectors(key_counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Each key's feature counts × IDF."""
    return sp.csr_matrix(key_counts @ sp.diags(idf), dtype=np.float32)
