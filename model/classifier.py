"""Classifier: a loaded model version that turns reason texts into Predictions."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.pipeline import Pipeline

from henno.model.artifacts import load_version, resolve_version_dir
from henno.model.errors import InvalidInputError
from henno.model.fastpath import FastScorer
from henno.model.labels import LABEL_JA, LABELS
from henno.model.settings import get_settings


@dataclass(frozen=True)
class ReviewThresholds:
    """A prediction needs review when its confidence or top-two margin is below these."""

    min_confidence: float
    min_margin: float

    def needs_review(self, scores: list[float]) -> bool:
        second, top = sorted(scores)[-2:]
        return top < self.min_confidence or top - second < self.min_margin

    def flag(self, scores: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        ordered = np.sort(scores, axis=1)
        confidence, margin = ordered[:, -1], ordered[:, -1] - ordered[:, -2]
        return np.asarray((confidence < self.min_confidence) | (margin < self.min_margin))


@dataclass(frozen=True)
class Prediction:
    label: str
    label_ja: str
    confidence: float
    scores: dict[str, float]
    needs_review: bool
    model_version: str

    def to_dict(self) -> dict[str, Any]:
        # Built by hand: dataclasses.asdict deep-copies and costs more than a prediction.
        return {"label": self.label, "label_ja": self.label_ja, "confidence": self.confidence,
                "scores": dict(self.scores), "needs_review": self.needs_review,
                "model_version": self.model_version}


class Classifier:
    """A fitted pipeline with its metadata; predict() uses the exact fast path."""

    def __init__(self, pipeline: Pipeline, metadata: dict[str, Any], path: Path | None = None):
        self.pipeline = pipeline
        self.path = path  # the version directory it was loaded from
        self.metadata = metadata
        self.version = str(metadata["version"])
        self.thresholds = ReviewThresholds(**metadata["review"]["thresholds"])
        self.scorer = FastScorer(pipeline)
        self._columns = [self.scorer.classes.index(label) for label in LABELS]

    @classmethod
    def load(cls, path: Path | str | None = None) -> "Classifier":
        """Load a version directory, or the current default model when path is None."""
        if path is None:
            path = resolve_version_dir(get_settings().models_dir)
        pipeline, metadata = load_version(Path(path))
        return cls(pipeline, metadata, Path(path))

    def predict_proba(self, texts: list[str]) -> npt.NDArray[np.float64]:
        """Probabilities with one column per label, in LABELS order."""
        _check_texts(texts)
        return self.scorer.predict_proba(texts)[:, self._columns]

    def predict(self, texts: list[str]) -> list[Prediction]:
        """One Prediction per text, in input order."""
        return [self._prediction(row) for row in self.predict_proba(texts).tolist()]

    def _prediction(self, row: list[float]) -> Prediction:
        best = max(range(len(row)), key=row.__getitem__)
        return Prediction(
            label=LABELS[best],
            label_ja=LABEL_JA[LABELS[best]],
            confidence=row[best],
            scores=dict(zip(LABELS, row)),
            needs_review=self.thresholds.needs_review(row),
            model_version=self.version,
        )


def _check_texts(texts: object) -> None:
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        raise InvalidInputError("texts must be a list of strings")
