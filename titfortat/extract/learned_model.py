"""A sparse multi-label logistic regression in numpy (features are strings, weights one row each).

Small on purpose: the refiner's models are linear over a few hundred thousand string features,
trained full-batch with Adam; deterministic for a given input order.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np


@dataclass
class LinearModel:
    """Weights ``weights[feature_index, label]`` plus a bias per label; sigmoid outputs."""

    vocabulary: dict[str, int]
    weights: np.ndarray  # (n_features, n_labels) float32
    bias: np.ndarray  # (n_labels,)
    labels: tuple[str, ...]

    def scores(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Probabilities, one row per feature list, one column per label."""
        return 1.0 / (1.0 + np.exp(-self.margins(rows)))

    def margins(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Log-odds (before the sigmoid), one row per feature list, one column per label."""
        out = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        for i, feats in enumerate(rows):
            idx = [self.vocabulary[f] for f in feats if f in self.vocabulary]
            if idx:
                out[i] += self.weights[idx].sum(axis=0)
        return out

    def to_bytes(self) -> bytes:
        """The model as an .npz archive (feature strings, float16 weights, bias, labels)."""
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, features=np.array(names), weights=self.weights.astype(np.float16),
                            bias=self.bias.astype(np.float32), labels=np.array(self.labels))
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "LinearModel":
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            names = [str(x) for x in archive["features"]]
            return cls(vocabulary={n: i for i, n in enumerate(names)},
                       weights=archive["weights"].astype(np.float32), bias=archive["bias"].astype(np.float32),
                       labels=tuple(str(x) for x in archive["labels"]))


def fit(rows: Sequence[Sequence[str]], targets: np.ndarray, labels: Sequence[str], *, min_count: int = 2,
        l2: float = 1e-4, iterations: int = 200, rate: float = 0.05,
        positive_weight: float = 1.0, offset: Optional[np.ndarray] = None) -> LinearModel:
    """Fit one logistic regression per label column of ``targets`` (0/1, shape (n_rows, n_labels)).

    ``offset`` (shape (n_rows, n_labels)): fixed log-odds added to each row's before the sigmoid
    (a stacked model learns corrections to another model's score); the model's own ``scores``
    leave it out, so the caller adds it back (``margins`` + offset).
    """
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    from scipy import sparse  # training only (installed with statsmodels); inference is numpy alone

    flat, owner = [], []
    for i, feats in enumerate(rows):
        idx = sorted({vocabulary[f] for f in feats if f in vocabulary})
        flat.extend(idx)
        owner.extend([i] * len(idx))
    matrix = sparse.csr_matrix((np.ones(len(flat)), (np.array(owner, dtype=np.int64), np.array(flat, dtype=np.int64))),
                               shape=(len(rows), len(vocabulary)))
    transposed = matrix.T.tocsr()
    y = targets.astype(np.float64)
    n, k = y.shape
    sample_w = np.where(y > 0, positive_weight, 1.0)
    fixed = np.zeros_like(y) if offset is None else np.asarray(offset, dtype=np.float64).reshape(n, k)
    w = np.zeros((len(vocabulary), k))
    b = np.zeros(k)
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    for step in range(1, iterations + 1):
        p = 1.0 / (1.0 + np.exp(-(matrix @ w + b + fixed)))
        residual = (p - y) * sample_w / n
        grad_w = transposed @ residual + l2 * w
        _adam(w, grad_w, moments[0], moments[1], step, rate)
        _adam(b, residual.sum(axis=0), moments[2], moments[3], step, rate)
    return LinearModel(vocabulary=vocabulary, weights=w.astype(np.float32), bias=b.astype(np.float32),
                       labels=tuple(labels))


def _adam(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, step: int, rate: float) -> None:
    m *= 0.9
    m += 0.1 * grad
    v *= 0.999
    v += 0.001 * grad * grad
    param -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
