"""Linear classifier heads evaluated with numpy, exactly as scikit-learn computes them.

A head holds the transposed weights of one or more linear models side by side, so a single
sparse product gives every response, and `finish` turns the responses into probabilities.
"""

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

FloatArray = npt.NDArray[np.float64]


class SoftmaxHead:
    """LogisticRegression (multinomial): softmax of X @ coef.T + intercept."""

    def __init__(self, model: LogisticRegression):
        self.coef_t = np.ascontiguousarray(model.coef_.T, dtype=np.float64)
        self.intercept = np.asarray(model.intercept_, dtype=np.float64)

    def finish_one(self, responses: list[float]) -> list[float]:
        top = max(responses)
        exps = [math.exp(r - top) for r in responses]
        total = sum(exps)
        return [e / total for e in exps]

    def finish(self, responses: FloatArray) -> FloatArray:
        shifted = np.exp(responses - responses.max(axis=1, keepdims=True))
        return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float64)


class CalibratedSigmoidHead:
    """CalibratedClassifierCV(LinearSVC, method="sigmoid"): Platt-scaled one-vs-rest scores,
    normalised per model, averaged over the cross-validation models."""

    def __init__(self, model: CalibratedClassifierCV):
        parts = model.calibrated_classifiers_
        self.n_classes = len(model.classes_)
        self.coef_t = np.hstack([p.estimator.coef_.T for p in parts]).astype(np.float64)
        self.intercept = np.concatenate([p.estimator.intercept_ for p in parts]).astype(np.float64)
        self.slopes = np.concatenate([[c.a_ for c in p.calibrators] for p in parts])
        self.offsets = np.concatenate([[c.b_ for c in p.calibrators] for p in parts])
        self._slopes, self._offsets = self.slopes.tolist(), self.offsets.tolist()

    def finish_one(self, responses: list[float]) -> list[float]:
        """finish() for one text in plain Python: numpy's per-call overhead dominates there."""
        k, models = self.n_classes, len(responses) // self.n_classes
        total = [0.0] * k
        for start in range(0, len(responses), k):
            proba = [_expit(-(self._slopes[start + j] * responses[start + j]
                              + self._offsets[start + j])) for j in range(k)]
            denominator = sum(proba)
            proba = [p / denominator for p in proba] if denominator else [1 / k] * k
            for j in range(k):
                total[j] += 1.0 if 1.0 < proba[j] <= 1.0 + 1e-5 else proba[j]
        return [t / models for t in total]

    def finish(self, responses: FloatArray) -> FloatArray:
        rows = responses.shape[0]
        proba = expit(-(self.slopes * responses + self.offsets)).reshape(rows, -1, self.n_classes)
        denominator = proba.sum(axis=2, keepdims=True)
        uniform = np.full_like(proba, 1 / self.n_classes)
        proba = np.divide(proba, denominator, out=uniform, where=denominator != 0)
        proba[(proba > 1.0) & (proba <= 1.0 + 1e-5)] = 1.0
        return np.asarray(proba.mean(axis=1), dtype=np.float64)


def _expit(x: float) -> float:
    """1 / (1 + e^-x), without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def linear_head(estimator: Any) -> SoftmaxHead | CalibratedSigmoidHead | None:
    """The numpy head of a supported estimator, or None to use its own predict_proba."""
    if isinstance(estimator, LogisticRegression):
        return SoftmaxHead(estimator)
    if (isinstance(estimator, CalibratedClassifierCV) and estimator.method == "sigmoid"
            and len(estimator.classes_) > 2
            and all(isinstance(p.estimator, LinearSVC)
                    and list(p.estimator.classes_) == list(estimator.classes_)
                    for p in estimator.calibrated_classifiers_)):
        return CalibratedSigmoidHead(estimator)
    return None
