import random

import numpy as np
import pytest

from henno.labelling.estimate import acc_estimate, pacc_estimate, raw_estimate, solve_shares
from henno.labelling.months import month_buckets, to_month
from henno.model.classifier import Classifier
from henno.model.labels import LABELS
from tests.conftest import TEST_CSV, read_rows


def test_solve_shares_inverts_a_known_confusion() -> None:
    confusion = np.array([[0.9, 0.1], [0.1, 0.9]])
    truth = np.array([0.8, 0.2])
    assert solve_shares(confusion, confusion @ truth) == pytest.approx(truth, abs=1e-9)


def test_corrected_counts_beat_raw_counts_on_a_skewed_mix(corpus_classifier: Classifier) -> None:
    rows = read_rows(TEST_CSV)
    rng = random.Random(3)
    # A month where most returns are moves: far from the balanced mix the model learned on.
    wanted = {"relocation": 240, "other": 60, "scandal": 40, "errors": 20, "system_distrust": 20}
    sample = [r for label, n in wanted.items()
              for r in rng.sample([r for r in rows if r[1] == label], n)]
    truth = np.array([wanted[label] for label in LABELS], dtype=float)
    predictions = corpus_classifier.predict([text for text, _ in sample])
    raw = [sum(p.label == label for p in predictions) for label in LABELS]
    scores = np.array([[p.scores[label] for label in LABELS] for p in predictions],
                      dtype=np.float32)
    metadata = corpus_classifier.metadata
    raw_error = np.abs(np.array(raw_estimate(raw).counts) - truth).sum()
    acc = acc_estimate(raw, metadata["cv_confusion"])
    pacc = pacc_estimate(scores, metadata["cv_mean_scores"])
    assert np.abs(np.array(acc.counts) - truth).sum() < raw_error
    assert np.abs(np.array(pacc.counts) - truth).sum() < raw_error
    for estimate in (acc, pacc):
        assert all(lo <= c <= hi for lo, c, hi in zip(estimate.low, estimate.counts,
                                                      estimate.high))
        assert sum(estimate.counts) == pytest.approx(len(sample))


@pytest.mark.parametrize(("value", "month"), [
    ("2023-06-01", "2023-06"), ("2023/6/1", "2023-06"), ("2023年6月1日", "2023-06"),
    ("令和5年6月1日", "2023-06"), ("R5.6.1", "2023-06"), ("平成31年4月", "2019-04"),
    ("令和元年5月", "2019-05"), ("2023-13-01", None), ("本庁", None), ("", None),
    ("2023-1234", None), ("R5-123", None),
])
def test_to_month(value: str, month: str | None) -> None:
    assert to_month(value) == month


def test_month_buckets_only_for_date_columns() -> None:
    assert month_buckets({"2023-06-01": 0, "2023-06-30": 1, "2023-07-02": 2, "": 3}) == {
        0: "2023-06", 1: "2023-06", 2: "2023-07", 3: "(empty)"}
    assert month_buckets({"本庁": 0, "北支所": 1}) is None
