import json
import shutil
from pathlib import Path

import pytest

from henno.model import store
from henno.model.artifacts import ARTIFACT_FILE, METADATA_FILE, load_version, resolve_version_dir
from henno.model.classifier import Classifier
from henno.model.errors import ModelCompatibilityError, ModelIntegrityError, ModelNotFoundError
from henno.training.train import TrainResult
from tests.conftest import install_model


@pytest.fixture
def version_copy(small_model: TrainResult, tmp_path: Path) -> Path:
    """A private copy of a trained version, free to be damaged."""
    return Path(shutil.copytree(small_model.path, tmp_path / small_model.version))


def test_load_version_round_trips_metadata(version_copy: Path, small_model: TrainResult) -> None:
    pipeline, metadata = load_version(version_copy)
    assert metadata["version"] == small_model.version
    assert set(metadata["libraries"]) >= {"fugashi", "unidic-lite", "scikit-learn"}
    assert len(metadata["training_data"]["sha256"]) == 64
    assert list(pipeline.named_steps) == ["normalize", "analyze", "features", "clf"]


def test_load_refuses_a_modified_artifact(version_copy: Path) -> None:
    artifact = version_copy / ARTIFACT_FILE
    data = bytearray(artifact.read_bytes())
    data[len(data) // 2] ^= 0xFF
    artifact.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="does not match the sha256 recorded"):
        load_version(version_copy)


def test_load_refuses_a_truncated_artifact(version_copy: Path) -> None:
    artifact = version_copy / ARTIFACT_FILE
    artifact.write_bytes(artifact.read_bytes()[:1000])
    with pytest.raises(ModelIntegrityError, match="modified or truncated"):
        load_version(version_copy)


def test_load_refuses_a_missing_artifact(version_copy: Path) -> None:
    (version_copy / ARTIFACT_FILE).unlink()
    with pytest.raises(ModelIntegrityError, match="is missing"):
        load_version(version_copy)


def test_load_refuses_metadata_without_hash(version_copy: Path) -> None:
    path = version_copy / METADATA_FILE
    metadata = json.loads(path.read_text(encoding="utf-8"))
    del metadata["artifact_sha256"]
    path.write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(ModelIntegrityError, match="has no artifact_sha256"):
        load_version(version_copy)


def test_load_refuses_another_dictionary_version(version_copy: Path) -> None:
    path = version_copy / METADATA_FILE
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["libraries"]["unidic-lite"] = "0.0.1"
    path.write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(ModelCompatibilityError, match=r"trained with unidic-lite 0\.0\.1"):
        load_version(version_copy)


def test_load_of_a_folder_without_metadata_says_so(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="not a model version"):
        load_version(tmp_path)


@pytest.mark.parametrize("name", ["../etc", "/tmp", "20261127T000000Z-abcdef/../x", "current", ""])
def test_version_path_refuses_names_outside_the_store(name: str, tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="not a model version id"):
        store.version_path(tmp_path, name)


def test_resolve_without_current_model_explains_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="train one with `henno train`"):
        resolve_version_dir(tmp_path)


def test_set_current_switches_the_pointer(small_model: TrainResult, tmp_path: Path) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    assert store.current_version(models) == small_model.version
    assert [p.name for p in models.iterdir() if p.name.startswith(".")] == []
    assert Classifier.load(resolve_version_dir(models)).version == small_model.version
    assert Classifier.load(models).version == small_model.version  # a models folder: current


def test_set_current_refuses_an_unknown_version(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="no model version"):
        store.set_current(tmp_path, "20990101T000000Z-000000")


def test_list_versions_skips_staging_and_other_folders(tmp_path: Path) -> None:
    for name in ("20260101T000000Z-aaaaaa", ".staging-20260102T000000Z-bbbbbb", "notes"):
        (tmp_path / name).mkdir()
    assert store.list_versions(tmp_path) == ["20260101T000000Z-aaaaaa"]


def test_load_refuses_another_token_format(version_copy: Path) -> None:
    path = version_copy / METADATA_FILE
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["token_format"] = 1
    path.write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(ModelCompatibilityError, match="trained with token format 1"):
        load_version(version_copy)
