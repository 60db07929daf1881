"""Counts per label corrected for the classifier's known confusion, with 95 % intervals.

Counting predicted labels ("classify and count") is biased: a model that is 93 % right moves
some of every label's rows into the others, so rare labels are over-counted and common ones
under-counted. With the out-of-fold confusion measured at training time,
P(predicted j | true i) = C[j, i], the observed predicted shares q satisfy q = C p for the true
shares p; solving that for p is adjusted classify-and-count (ACC). The probabilistic variant
(PACC) does the same with mean scores instead of hard labels. Intervals come from a
parametric bootstrap: predicted counts ~ multinomial, and for ACC each column of C resampled
from the cross-validation counts it was measured on.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import nnls

from henno.model.labels import LABELS

FloatArray = npt.NDArray[np.float64]
BOOTSTRAP = 400
_SUM_WEIGHT = 10.0  # weight of the "shares sum to 1" row in the least-squares system


@dataclass(frozen=True)
class Estimate:
    method: str  # "raw", "acc" or "pacc"
    counts: list[float]
    low: list[float]
    high: list[float]


def solve_shares(confusion: FloatArray, observed: FloatArray) -> FloatArray:
    """p >= 0 with sum 1 that best explains observed = confusion @ p."""
    k = confusion.shape[1]
    system = np.vstack([confusion, _SUM_WEIGHT * np.ones((1, k))])
    target = np.concatenate([observed, [_SUM_WEIGHT]])
    shares, _ = nnls(system, target)
    total = shares.sum()
    return shares / total if total > 0 else np.full(k, 1 / k)


def confusion_columns(cv_confusion: list[list[int]]) -> tuple[FloatArray, FloatArray]:
    """(C with C[j, i] = P(predicted j | true i), rows per true label)."""
    counts = np.asarray(cv_confusion, dtype=np.float64)  # rows = true, columns = predicted
    per_true = counts.sum(axis=1)
    return (counts / np.maximum(per_true[:, None], 1)).T, per_true


def _interval(samples: FloatArray) -> tuple[list[float], list[float]]:
    low, high = np.percentile(samples, [2.5, 97.5], axis=0)
    return low.tolist(), high.tolist()


def raw_estimate(counts: list[int]) -> Estimate:
    n = sum(counts)
    observed = np.asarray(counts, dtype=np.float64) / max(n, 1)
    rng = np.random.default_rng(0)
    samples = rng.multinomial(n, observed, size=BOOTSTRAP).astype(np.float64)
    low, high = _interval(samples)
    return Estimate("raw", [float(c) for c in counts], low, high)


def acc_estimate(counts: list[int], cv_confusion: list[list[int]]) -> Estimate:
    n = sum(counts)
    confusion, per_true = confusion_columns(cv_confusion)
    observed = np.asarray(counts, dtype=np.float64) / max(n, 1)
    point = solve_shares(confusion, observed) * n
    rng = np.random.default_rng(1)
    samples = np.empty((BOOTSTRAP, len(LABELS)))
    for b in range(BOOTSTRAP):
        q = rng.multinomial(n, observed) / max(n, 1)
        columns = [rng.multinomial(int(m), confusion[:, i]) / max(m, 1)
                   for i, m in enumerate(per_true)]
        samples[b] = solve_shares(np.column_stack(columns), q) * n
    low, high = _interval(samples)
    return Estimate("acc", point.tolist(), low, high)


def pacc_estimate(scores: npt.NDArray[np.float32], mean_scores: list[list[float]]) -> Estimate:
    n = scores.shape[0]
    confusion = np.asarray(mean_scores, dtype=np.float64).T  # [j, i] = E[score j | true i]
    observed = scores.mean(axis=0, dtype=np.float64)
    point = solve_shares(confusion, observed) * n
    # The mean of n score vectors is close to normal: sample it from its covariance.
    covariance = np.cov(scores.T.astype(np.float64)) / max(n, 1) if n > 1 else np.zeros((5, 5))
    rng = np.random.default_rng(2)
    draws = rng.multivariate_normal(observed, covariance, size=BOOTSTRAP, method="eigh")
    samples = np.array([solve_shares(confusion, np.clip(q, 0, None)) * n for q in draws])
    low, high = _interval(samples)
    return Estimate("pacc", point.tolist(), low, high)
