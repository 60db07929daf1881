"""Choosing the review thresholds from cross-validated probabilities."""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from henno.model.classifier import ReviewThresholds

TARGET_ACCURACY = 0.95
_GRID = np.round(np.arange(0.0, 1.0, 0.01), 2)


@dataclass(frozen=True)
class ReviewChoice:
    thresholds: ReviewThresholds
    accuracy_unflagged: float
    flagged_share: float


def choose_thresholds(
    correct: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64], target: float = TARGET_ACCURACY
) -> ReviewChoice:
    """The (confidence, margin) pair flagging the fewest items while the rest reach `target`."""
    ordered = np.sort(scores, axis=1)
    confidence, margin = ordered[:, -1], ordered[:, -1] - ordered[:, -2]
    best: ReviewChoice | None = None
    for min_confidence in _GRID:
        by_confidence = confidence >= min_confidence
        for min_margin in _GRID:
            kept = by_confidence & (margin >= min_margin)
            if not kept.any():
                break
            accuracy = float(correct[kept].mean())
            flagged = 1.0 - float(kept.mean())
            if accuracy >= target and (best is None or flagged < best.flagged_share):
                thresholds = ReviewThresholds(float(min_confidence), float(min_margin))
                best = ReviewChoice(thresholds, accuracy, flagged)
    # No pair reaches the target: flag everything rather than promise what was not measured.
    return best or ReviewChoice(ReviewThresholds(1.01, 1.01), 0.0, 1.0)
