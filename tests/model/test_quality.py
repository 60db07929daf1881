"""The quality bar: macro-F1 >= 0.90 on the held-out test set and on independent texts."""

from pathlib import Path

import pytest

from henno.model.classifier import Classifier
from henno.training.dataset import load_dataset
from henno.training.metrics import classification_metrics, predicted_labels
from tests.conftest import REPO, TEST_CSV

INDEPENDENT_CSV = REPO / "data" / "independent_eval.csv"


@pytest.mark.parametrize("path", [TEST_CSV, INDEPENDENT_CSV], ids=["test", "independent"])
def test_macro_f1_reaches_the_bar(corpus_classifier: Classifier, path: Path) -> None:
    data = load_dataset(path)
    scores = corpus_classifier.predict_proba(data.texts)
    metrics = classification_metrics(data.labels, predicted_labels(scores))
    assert metrics["macro_f1"] >= 0.90, metrics["per_label"]
