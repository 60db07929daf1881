"""ReviewThresholds: one floor per predicted label, and henno 0.2's two numbers still load."""

import numpy as np
import pytest

from henno.model.classifier import ReviewThresholds
from henno.model.labels import LABELS

# Scores are in LABELS order: system_distrust, scandal, errors, relocation, other.
PER_LABEL = ReviewThresholds(
    min_confidence=0.5, min_margin=0.1,
    min_confidence_by_label={"system_distrust": 0.8, "scandal": 0.5, "errors": 0.9,
                             "relocation": 0.5, "other": 0.7})


@pytest.mark.parametrize(("scores", "flagged"), [
    ([0.6, 0.1, 0.1, 0.1, 0.1], True),    # system_distrust needs 0.8
    ([0.85, 0.05, 0.05, 0.05, 0], False),
    ([0.1, 0.6, 0.1, 0.1, 0.1], False),   # scandal needs 0.5
    ([0.05, 0.05, 0.53, 0.37, 0], True),  # errors needs 0.9: 「ポイントをもらったので…」
    ([0, 0, 0, 0.54, 0.46], True),        # margin 0.08 < 0.1
    ([0, 0, 0, 0.56, 0.44], False),
])
def test_per_label_thresholds_flag_by_the_predicted_label(scores: list[float],
                                                          flagged: bool) -> None:
    assert PER_LABEL.needs_review(scores) is flagged
    assert PER_LABEL.flag(np.array([scores])).tolist() == [flagged]


def test_model_of_henno_0_2_keeps_its_two_numbers() -> None:
    # metadata["review"]["thresholds"] of a 0.2 model: no per-label floors.
    stored: dict[str, float] = {"min_confidence": 0.52, "min_margin": 0.0}
    thresholds = ReviewThresholds(**stored)  # type: ignore[arg-type]
    assert thresholds.needs_review([0.51, 0.49, 0, 0, 0]) is True
    assert thresholds.needs_review([0, 0, 0, 0, 0.52]) is False
    assert thresholds.floor(LABELS.index("errors")) == 0.52


def test_flag_agrees_with_needs_review_row_by_row() -> None:
    scores = np.random.default_rng(1).dirichlet(np.ones(len(LABELS)), size=500)
    expected = [PER_LABEL.needs_review(row) for row in scores.tolist()]
    assert PER_LABEL.flag(scores).tolist() == expected


def test_to_dict_round_trips_through_metadata() -> None:
    assert ReviewThresholds(**PER_LABEL.to_dict()) == PER_LABEL
