"""Classifier: a loaded model version that turns reason texts into Predictions."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from sklearn.pipeline import Pipeline

from henno.model.artifacts import load_version, resolve_version_dir
from henno.model.errors import InvalidInputError
from henno.model.fastpath import FastScorer
from henno.model.labels import LABEL_JA, LABELS
from henno.model.store import CURRENT_POINTER

if TYPE_CHECKING:
    from henno.model.reasons import Decision, ReasonFinder


@dataclass(frozen=True)
class ReviewThresholds:
    """A prediction needs review when its confidence is below its label's floor or its
    top-two margin below min_margin. Scores are in LABELS order."""

    min_confidence: float  # the lowest floor; every label's floor in models of henno 0.2
    min_margin: float
    # Since 0.3: some labels are wrong more often than others at the same confidence.
    min_confidence_by_label: dict[str, float] | None = None

    def floor(self, column: int) -> float:
        """The confidence a prediction of LABELS[column] needs."""
        if self.min_confidence_by_label is None:
            return self.min_confidence
        return self.min_confidence_by_label[LABELS[column]]

    def needs_review(self, scores: list[float]) -> bool:
        second, top = sorted(scores)[-2:]
        return top < self.floor(scores.index(top)) or top - second < self.min_margin

    def flag(self, scores: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        ordered = np.sort(scores, axis=1)
        confidence, margin = ordered[:, -1], ordered[:, -1] - ordered[:, -2]
        floors = np.array([self.floor(column) for column in range(scores.shape[1])])
        return np.asarray((confidence < floors[scores.argmax(axis=1)])
                          | (margin < self.min_margin))

    def to_dict(self) -> dict[str, Any]:
        """As metadata["review"]["thresholds"] stores it (no per-label key when there is none)."""
        fields: dict[str, Any] = {"min_confidence": self.min_confidence,
                                  "min_margin": self.min_margin}
        if self.min_confidence_by_label is not None:
            fields["min_confidence_by_label"] = dict(self.min_confidence_by_label)
        return fields


class Rule(StrEnum):
    """Which of the guideline's rules chose the primary label among a text's reasons."""

    SINGLE = "single"  # one reason counted
    MAIN_REASON = "main_reason"  # the writer said which reason is the main one
    PRIORITY = "priority"  # several reasons: relocation > errors > scandal > …


@dataclass(frozen=True)
class Reason:
    """One reason a text gives: where it is written, and how the writer framed it."""

    label: str
    label_ja: str
    score: float
    spans: tuple[tuple[int, int], ...]  # [start, end) offsets into the original text
    denied: bool  # the writer denied it (引っ越しではなく…): listed, never counted
    main: bool  # the writer marked it as the main reason

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "label_ja": self.label_ja, "score": self.score,
                "spans": [list(span) for span in self.spans], "denied": self.denied,
                "main": self.main}


@dataclass(frozen=True)
class Prediction:
    label: str
    label_ja: str
    confidence: float
    scores: dict[str, float]
    needs_review: bool
    model_version: str
    reasons: tuple[Reason, ...] = ()  # in order of appearance, denied ones included
    rule: Rule = Rule.SINGLE

    def to_dict(self) -> dict[str, Any]:
        # Built by hand: dataclasses.asdict deep-copies and costs more than a prediction.
        return {"label": self.label, "label_ja": self.label_ja, "confidence": self.confidence,
                "scores": dict(self.scores), "needs_review": self.needs_review,
                "model_version": self.model_version,
                "reasons": [reason.to_dict() for reason in self.reasons],
                "rule": self.rule.value}


class Classifier:
    """A fitted pipeline with its metadata; predict() uses the exact fast path."""

    def __init__(self, pipeline: Pipeline, metadata: dict[str, Any], path: Path | None = None,
                 finder: "ReasonFinder | None" = None):
        self.pipeline = pipeline
        self.finder = finder  # None: a model older than 0.3, the whole text is the one reason
        self.path = path  # the version directory it was loaded from
        self.metadata = metadata
        self.version = str(metadata["version"])
        self.thresholds = ReviewThresholds(**metadata["review"]["thresholds"])
        self.scorer = FastScorer(pipeline)
        self._columns = [self.scorer.classes.index(label) for label in LABELS]

    @classmethod
    def load(cls, path: Path | str) -> "Classifier":
        """Load a version folder, or the current version of a models folder."""
        path = Path(path)
        if (path / CURRENT_POINTER).is_file():
            path = resolve_version_dir(path)
        pipeline, metadata = load_version(path)
        from henno.model.reasons_artifact import load_finder  # it imports Reason from here

        return cls(pipeline, metadata, path, load_finder(path, metadata))

    def predict_proba(self, texts: list[str]) -> npt.NDArray[np.float64]:
        """Probabilities with one column per label, in LABELS order: the whole-text model's,
        weighed against the rules over the text's reasons when the model has a finder."""
        _check_texts(texts)
        whole = self.scorer.predict_proba(texts)[:, self._columns]
        if self.finder is None:
            return whole
        return np.array([d.scores for d in self.finder.decide(texts, whole)]).reshape(whole.shape)

    def predict(self, texts: list[str]) -> list[Prediction]:
        """One Prediction per text, in input order."""
        _check_texts(texts)
        whole = self.scorer.predict_proba(texts)[:, self._columns]
        if self.finder is None:
            return [self._prediction(decision_of_whole(text, row))
                    for text, row in zip(texts, whole.tolist())]
        return [self._prediction(d) for d in self.finder.decide(texts, whole)]

    def _prediction(self, decision: "Decision") -> Prediction:
        row = decision.scores
        best = max(range(len(row)), key=row.__getitem__)
        label = LABELS[best]
        return Prediction(
            label=label,
            label_ja=LABEL_JA[label],
            confidence=row[best],
            scores=dict(zip(LABELS, row)),
            needs_review=self.thresholds.needs_review(row),
            model_version=self.version,
            reasons=decision.reasons,
            rule=decision.rule,
        )


def _check_texts(texts: object) -> None:
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        raise InvalidInputError("texts must be a list of strings")


def decision_of_whole(text: str, row: list[float]) -> "Decision":
    """The whole text as the one reason, labelled by its top score."""
    from henno.model.reasons import decision  # reasons imports Reason from here

    return decision(text, row, ())
