"""henno train with the several-reasons files beside the corpus: the finder is fitted,
saved next to the pipeline, checked when loaded and used by predict."""

import json
import shutil
from pathlib import Path

import pytest

from henno.model.classifier import Classifier
from henno.model.errors import ModelIntegrityError
from henno.model.reasons_artifact import FINDER_FILE
from henno.training.train import TrainResult, train_model
from tests.conftest import REPO, TEST_CSV, TRAIN_CSV, sample_rows, write_rows

REASONS = {"reasons_train.csv": 200, "reasons_test.csv": 60}


def head(source: Path, target: Path, rows: int) -> None:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(lines[: rows + 1]), encoding="utf-8")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> TrainResult:
    folder = tmp_path_factory.mktemp("reasons")
    train = write_rows(folder / "train.csv", sample_rows(TRAIN_CSV, 40))
    test = write_rows(folder / "test.csv", sample_rows(TEST_CSV, 10))
    for name, rows in REASONS.items():  # the first rows hold every label
        head(REPO / "data" / name, folder / name, rows)
    return train_model(train, test, folder / "models", n_jobs=1)


def test_the_finder_is_saved_and_recorded(trained: TrainResult) -> None:
    metadata = json.loads((trained.path / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["reasons"]["file"] == FINDER_FILE
    assert (trained.path / FINDER_FILE).is_file()
    assert metadata["training_data"]["rows"] == 200 + REASONS["reasons_train.csv"]
    found = metadata["metrics"]["reasons_test"]
    assert found["n"] == REASONS["reasons_test.csv"]
    assert set(found["mentioned_f1"]) == {"system_distrust", "scandal", "errors", "relocation",
                                          "other"}
    assert "## Several reasons (reasons_test.csv)" in (trained.path / "report.md").read_text(
        encoding="utf-8")


def test_predict_gives_every_reason_with_spans_in_the_text(trained: TrainResult) -> None:
    classifier = Classifier.load(trained.path)
    assert classifier.finder is not None
    text = "来月引っ越す予定だし、ニュースで見た不祥事にもうんざりしたので"
    prediction = classifier.predict([text])[0]
    assert prediction.reasons
    assert all(0 <= a < b <= len(text) for r in prediction.reasons for a, b in r.spans)
    assert prediction.label in {r.label for r in prediction.reasons if not r.denied}
    assert classifier.predict_proba([text])[0].tolist() == list(prediction.scores.values())


def test_a_changed_finder_file_is_refused_at_load(trained: TrainResult, tmp_path: Path) -> None:
    copy = tmp_path / trained.path.name
    shutil.copytree(trained.path, copy)
    (copy / FINDER_FILE).write_bytes(b"changed")
    with pytest.raises(ModelIntegrityError, match="does not match the sha256"):
        Classifier.load(copy)
