import csv
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from henno.model import store
from henno.model.artifacts import ARTIFACT_FILE, read_metadata
from henno.model.classifier import Classifier
from henno.model.errors import DatasetError
from henno.model.labels import LABELS
from henno.training.train import TrainResult, promotion_decision, train_model
from tests.conftest import install_model, read_rows, write_rows

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_train_writes_a_complete_version(small_model: TrainResult) -> None:
    files = {p.name for p in small_model.path.iterdir()}
    assert files == {ARTIFACT_FILE, "metadata.json", "report.md", "confusion.png", "metrics.json"}
    assert (small_model.path / "confusion.png").read_bytes().startswith(PNG_MAGIC)
    metadata = read_metadata(small_model.path)
    assert metadata["training_data"]["rows"] == 250
    assert metadata["training_data"]["rows_per_label"] == dict.fromkeys(LABELS, 50)
    assert metadata["test_data"]["rows"] == 100
    assert set(metadata["review"]["thresholds"]) == {"min_confidence", "min_margin",
                                                     "min_confidence_by_label"}
    assert metadata["review"]["target_accuracy"] == 0.98
    assert len(metadata["cv_confusion"]) == 5
    assert len(metadata["cv_mean_scores"]) == 5
    assert sum(metadata["cv_mean_scores"][0]) == pytest.approx(1.0)
    assert sum(map(sum, metadata["cv_confusion"])) == 250
    assert metadata["metrics"]["test"]["n"] == 100
    assert small_model.promoted
    report = (small_model.path / "report.md").read_text(encoding="utf-8")
    assert f"{metadata['metrics']['test']['macro_f1']:.4f}" in report


def test_review_thresholds_reach_the_target_in_cross_validation(small_model: TrainResult) -> None:
    review = read_metadata(small_model.path)["review"]
    assert review["cv_accuracy_unflagged"] >= 0.95 or review["cv_flagged_share"] == 1.0


def test_training_is_deterministic(small_data: tuple[Path, Path], small_model: TrainResult,
                                   tmp_path: Path) -> None:
    again = train_model(*small_data, tmp_path, n_jobs=1)
    texts = [text for text, _ in read_rows(small_data[1])]
    first = Classifier.load(small_model.path).predict_proba(texts)
    second = Classifier.load(again.path).predict_proba(texts)
    assert np.array_equal(first, second)


@pytest.mark.parametrize(("new", "current", "force", "promoted"), [
    (0.90, None, False, True),
    (0.90, 0.905, False, True),   # within the 0.01 tolerance
    (0.90, 0.95, False, False),
    (0.90, 0.95, True, True),
])
def test_promotion_decision(new: float, current: float | None, force: bool, promoted: bool) -> None:
    assert promotion_decision(new, current, force)[0] is promoted


def _shuffled_labels(path: Path, tmp_path: Path) -> Path:
    rows = read_rows(path)
    labels = [label for _, label in rows]
    random.Random(1).shuffle(labels)
    return write_rows(tmp_path / "noise.csv", [(t, lab) for (t, _), lab in zip(rows, labels)])


def test_a_worse_model_is_kept_out_until_forced(small_data: tuple[Path, Path],
                                                small_model: TrainResult, tmp_path: Path) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    noise = _shuffled_labels(small_data[0], tmp_path)

    refused = train_model(noise, small_data[1], models, n_jobs=1)
    assert not refused.promoted
    assert "not promoted" in refused.decision
    assert store.current_version(models) == small_model.version
    assert refused.path.is_dir()

    forced = train_model(noise, small_data[1], models, force=True, n_jobs=1)
    assert forced.promoted
    assert store.current_version(models) == forced.version
    assert store.list_versions(models) == sorted([small_model.version, refused.version,
                                                  forced.version])


def test_invalid_data_changes_nothing(small_data: tuple[Path, Path], small_model: TrainResult,
                                      tmp_path: Path) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    before = sorted(p.name for p in models.iterdir())
    bad = tmp_path / "bad.csv"
    with open(bad, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["text", "label"], ["転居", "moving"]])
    with pytest.raises(DatasetError):
        train_model(bad, small_data[1], models, n_jobs=1)
    assert sorted(p.name for p in models.iterdir()) == before
    assert store.current_version(models) == small_model.version


def test_a_broken_current_model_is_replaced(small_data: tuple[Path, Path],
                                            small_model: TrainResult, tmp_path: Path) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    (models / small_model.version / ARTIFACT_FILE).write_bytes(b"tampered")
    result = train_model(*small_data, models, n_jobs=1)
    assert result.promoted
    assert store.current_version(models) == result.version


def test_training_reports_leave_matplotlib_global_state_alone() -> None:
    # The page retrains in a thread of the server: pyplot's global figure list is not
    # thread-safe, and choosing a backend at import changes the whole process.
    code = ("import sys, henno.training.report as r; "
            "png = r.confusion_png([[1, 0, 0, 0, 0]] * 5, 't'); "
            "assert png.startswith(b'\\x89PNG'); "
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
