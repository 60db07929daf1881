"""Choosing the review thresholds from cross-validated probabilities.

One confidence floor per predicted label and one margin: some labels are wrong more often
than others at the same confidence, so one floor for all flags too many of the others. For
each margin on a grid, the floors that keep the most rows while the kept rows reach the
target are found exactly by dynamic programming over the labels (a row is kept by its own
label's floor only, so the labels add up).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from henno.model.classifier import ReviewThresholds
from henno.model.labels import LABELS

TARGET_ACCURACY = 0.98
_GRID = np.round(np.arange(0.0, 1.0, 0.01), 2)
_NEVER = 1.01
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ReviewChoice:
    thresholds: ReviewThresholds
    accuracy_unflagged: float
    flagged_share: float


@dataclass(frozen=True)
class _Options:
    """A label's distinct choices: each floor's count of kept rows and of right ones."""

    floors: list[float]
    kept: list[int]
    right: list[int]


def _options(confidence: npt.NDArray[np.float64], correct: npt.NDArray[np.bool_]) -> _Options:
    # Keeping none of a label's rows is a choice too: a floor above any score.
    options = _Options([_NEVER], [0], [0])
    for floor in _GRID[::-1]:  # highest floor first: of floors keeping the same rows, the safest
        kept = confidence >= floor
        count = int(kept.sum())
        if options.kept and options.kept[-1] == count:
            continue
        options.floors.append(float(floor))
        options.kept.append(count)
        options.right.append(int(correct[kept].sum()))
    return options


def _best_floors(per_label: list[_Options], rows: int,
                 target: float) -> tuple[list[float], int, int] | None:
    """(floors, kept, right) keeping the most rows at `target` accuracy, or None."""
    unreachable = np.iinfo(np.int64).min // 2
    right = np.full(rows + 1, unreachable, dtype=np.int64)  # most right rows by rows kept
    right[0] = 0
    picks: list[IntArray] = []
    for options in per_label:
        new = np.full_like(right, unreachable)
        pick = np.zeros(rows + 1, dtype=np.int64)
        for i, (kept, gained) in enumerate(zip(options.kept, options.right)):
            candidate = np.full_like(right, unreachable)
            candidate[kept:] = right[: rows + 1 - kept] + gained
            better = candidate > new
            new[better], pick[better] = candidate[better], i
        right = new
        picks.append(pick)
    totals = np.arange(rows + 1)
    feasible = np.flatnonzero((right >= target * totals) & (totals > 0))
    if feasible.size == 0:
        return None
    kept = int(feasible[-1])
    floors, left = [], kept
    for options, pick in zip(reversed(per_label), reversed(picks)):
        i = int(pick[left])
        floors.append(options.floors[i])
        left -= options.kept[i]
    return floors[::-1], kept, int(right[kept])


def choose_thresholds(
    correct: npt.NDArray[np.bool_], scores: npt.NDArray[np.float64], target: float = TARGET_ACCURACY
) -> ReviewChoice:
    """Per-label floors and a margin flagging the fewest rows while the rest reach `target`.

    `scores` has one column per label in LABELS order; `correct` says which rows' top label
    is right."""
    ordered = np.sort(scores, axis=1)
    confidence, margin = ordered[:, -1], ordered[:, -1] - ordered[:, -2]
    predicted = scores.argmax(axis=1)
    best: ReviewChoice | None = None
    for min_margin in _GRID:
        by_margin = margin >= min_margin
        if best is not None and by_margin.mean() <= 1.0 - best.flagged_share:
            break  # larger margins keep fewer rows still: none can flag fewer
        per_label = [_options(confidence[rows], correct[rows]) for rows in (
            by_margin & (predicted == column) for column in range(len(LABELS)))]
        found = _best_floors(per_label, int(by_margin.sum()), target)
        if found is None:
            continue
        floors, kept, right = found
        flagged = 1.0 - kept / len(correct)
        if best is None or flagged < best.flagged_share:
            thresholds = ReviewThresholds(min(floors), float(min_margin), dict(zip(LABELS, floors)))
            best = ReviewChoice(thresholds, right / kept, flagged)
    # No choice reaches the target: flag everything rather than promise what was not measured.
    return best or ReviewChoice(ReviewThresholds(_NEVER, _NEVER), 0.0, 1.0)
