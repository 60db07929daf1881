"""ModelHolder follows `current`: a cheap look when nothing changed, a load (which hashes
the artifact) only when the pointer or the version's files changed."""

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from henno.model import store
from henno.model.artifacts import ARTIFACT_FILE
from henno.model.classifier import Classifier
from henno.model.errors import ModelNotFoundError
from henno.service.holder import ModelHolder
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model

NEW = "20990101T000000Z-0a0b0c"
BROKEN = "20990101T000000Z-bad000"


class Loads:
    """Counts Classifier.load calls: each one hashes a whole artifact."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = Classifier.load.__func__  # type: ignore[attr-defined]

        def counting(cls: type[Classifier], path: Path | str) -> Classifier:
            self.count += 1
            result: Classifier = original(cls, path)
            return result

        monkeypatch.setattr(Classifier, "load", classmethod(counting))


@pytest.fixture
def models(tmp_path: Path, small_model: TrainResult) -> Path:
    folder = install_model(small_model, tmp_path / "models")
    clone_version(folder, small_model.version, NEW)
    clone_version(folder, small_model.version, BROKEN)
    (folder / BROKEN / ARTIFACT_FILE).write_bytes(b"tampered")
    return folder


@pytest.fixture
def seen() -> list[str]:
    return []


@pytest.fixture
def holder(models: Path, seen: list[str]) -> ModelHolder:
    holder = ModelHolder(models, lambda loaded: seen.append(loaded.version))
    holder.load_current()
    return holder


def _point_at(version: str) -> Callable[[Path], None]:
    return lambda models: store.set_current(models, version)


def _remove_pointer(models: Path) -> None:
    (models / store.CURRENT_POINTER).unlink()


def _garbage_pointer(models: Path) -> None:
    (models / store.CURRENT_POINTER).write_text("../../etc\n", encoding="utf-8")


def _pointer_is_a_folder(models: Path) -> None:
    _remove_pointer(models)
    (models / store.CURRENT_POINTER).mkdir()


def _nothing(models: Path) -> None:
    return None


@pytest.mark.parametrize(("change", "swapped", "loads"), [
    (_nothing, False, 0),
    (_point_at(NEW), True, 1),
    (_point_at(BROKEN), False, 1),
    (_remove_pointer, False, 0),
    (_garbage_pointer, False, 0),
    (_pointer_is_a_folder, False, 0),
])
def test_refresh_swaps_only_when_current_names_a_loadable_other_version(
        holder: ModelHolder, models: Path, small_model: TrainResult,
        monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None], swapped: bool,
        loads: int) -> None:
    counter = Loads(monkeypatch)
    change(models)
    result = holder.refresh()
    assert holder.classifier is not None
    assert holder.classifier.version == (NEW if swapped else small_model.version)
    assert (result is not None) == swapped
    assert counter.count == loads


def test_a_version_that_failed_is_not_hashed_again_until_its_files_change(
        holder: ModelHolder, models: Path, small_model: TrainResult,
        monkeypatch: pytest.MonkeyPatch) -> None:
    counter = Loads(monkeypatch)
    store.set_current(models, BROKEN)
    for _ in range(3):
        assert holder.refresh() is None
    assert counter.count == 1
    (models / BROKEN / ARTIFACT_FILE).unlink()  # a repaired copy: a new inode
    shutil.copy(models / small_model.version / ARTIFACT_FILE, models / BROKEN / ARTIFACT_FILE)
    assert holder.refresh() is not None
    assert holder.classifier is not None and holder.classifier.version == BROKEN
    assert counter.count == 2


def test_a_failed_refresh_is_logged_with_its_code(holder: ModelHolder, models: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    store.set_current(models, BROKEN)
    with caplog.at_level(logging.WARNING, logger="henno.service.holder"):
        holder.refresh()
    assert [(r.getMessage(), getattr(r, "error_code", None)) for r in caplog.records] == [
        ("model refresh failed", "model_integrity")]


def test_every_swap_is_announced_in_order(holder: ModelHolder, models: Path, seen: list[str],
                                          small_model: TrainResult) -> None:
    store.set_current(models, NEW)
    holder.refresh()
    holder.use(small_model.version)
    holder.refresh()  # `current` is what is served: nothing to do
    assert seen == [small_model.version, NEW, small_model.version]


def test_use_points_current_at_the_version_and_serves_it(holder: ModelHolder,
                                                         models: Path) -> None:
    classifier = holder.use(NEW)
    assert classifier.version == NEW
    assert holder.classifier is classifier
    assert store.current_version(models) == NEW


@pytest.mark.parametrize(("version", "error", "message"), [
    ("20990101T000000Z-ffffff", ModelNotFoundError, "no model version 20990101T000000Z-ffffff"),
    ("../models", ModelNotFoundError, "no model version ../models"),
    (BROKEN, Exception, f"{BROKEN}/model.joblib does not match the sha256 recorded when it was "
                        "trained (modified or truncated); refusing to load it"),
])
def test_use_refuses_a_version_it_cannot_serve_and_changes_nothing(
        holder: ModelHolder, models: Path, small_model: TrainResult, version: str,
        error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        holder.use(version)
    assert str(raised.value).endswith(message)
    assert store.current_version(models) == small_model.version
    assert holder.classifier is not None
    assert holder.classifier.version == small_model.version
