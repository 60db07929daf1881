"""Per-label review thresholds reach the target with fewer rows flagged than one floor."""

import numpy as np
import pytest

from henno.model.labels import LABELS
from henno.training.thresholds import choose_thresholds


def _calibrated_looking(seed: int, rows: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    scores = rng.dirichlet(np.ones(len(LABELS)) * 0.5, size=rows)
    # errors is right less often at the same confidence than the other labels.
    handicap = np.where(scores.argmax(axis=1) == LABELS.index("errors"), 0.25, 0.0)
    correct = rng.random(rows) < scores.max(axis=1) - handicap
    return correct, scores


@pytest.mark.parametrize("target", [0.9, 0.95, 0.98])
@pytest.mark.parametrize("seed", [0, 1])
def test_unflagged_rows_reach_the_target(target: float, seed: int) -> None:
    correct, scores = _calibrated_looking(seed)
    choice = choose_thresholds(correct, scores, target=target)
    kept = ~choice.thresholds.flag(scores)
    assert correct[kept].mean() >= target
    assert choice.accuracy_unflagged == pytest.approx(correct[kept].mean())
    assert choice.flagged_share == pytest.approx(1 - kept.mean())
    assert 0 < choice.flagged_share < 1


def test_errors_gets_a_higher_floor_than_the_labels_it_is_more_often_right_on() -> None:
    correct, scores = _calibrated_looking(0)
    floors = choose_thresholds(correct, scores, target=0.95).thresholds.min_confidence_by_label
    assert floors is not None
    others = [floors[label] for label in LABELS if label != "errors"]
    assert floors["errors"] > max(others)


def test_per_label_floors_flag_no_more_than_one_floor_for_all() -> None:
    correct, scores = _calibrated_looking(0)
    choice = choose_thresholds(correct, scores, target=0.95)
    ordered = np.sort(scores, axis=1)
    confidence, margin = ordered[:, -1], ordered[:, -1] - ordered[:, -2]
    grid = np.round(np.arange(0, 1, 0.01), 2)
    # The best a single (confidence, margin) pair can do, by brute force.
    shares = [1 - kept.mean() for c in grid for m in grid
              if (kept := (confidence >= c) & (margin >= m)).any()
              and correct[kept].mean() >= 0.95]
    assert choice.flagged_share < min(shares)


def test_one_label_that_is_always_wrong_is_flagged_whole() -> None:
    # relocation predictions are all wrong, every other prediction right.
    scores = np.tile([0.7, 0.1, 0.1, 0.05, 0.05], (100, 1))
    scores[:10] = [0.05, 0.05, 0.1, 0.7, 0.1]
    correct = np.arange(100) >= 10
    choice = choose_thresholds(correct, scores, target=0.98)
    assert choice.flagged_share == pytest.approx(0.1)
    assert choice.thresholds.min_confidence_by_label == {
        "system_distrust": 0.7, "scandal": 1.01, "errors": 1.01, "relocation": 1.01,
        "other": 1.01}
    assert choice.accuracy_unflagged == 1.0
    assert choice.thresholds.flag(scores).tolist() == [True] * 10 + [False] * 90
