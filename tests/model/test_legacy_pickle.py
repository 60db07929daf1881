"""A model version pickled by henno 0.2, when henno's classes were `model.features.…`, still
loads after the move under `henno`, without leaving the old names importable."""

import inspect
import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import joblib
import pytest

import henno.model
import henno.training
from henno.model import legacy_pickle
from henno.model.artifacts import ARTIFACT_FILE, METADATA_FILE, sha256_file
from henno.training.train import TrainResult
from tests.conftest import REPO


def henno_classes() -> list[type]:
    classes = []
    for package in (henno.model, henno.training):
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            module = sys.modules.get(info.name) or __import__(info.name, fromlist=["_"])
            classes += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                        if cls.__module__ == info.name]
    return classes


def write_as_version_0_2(version_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-pickle the version's pipeline naming every henno class by its 0.2 path."""
    pipeline = joblib.load(version_dir / ARTIFACT_FILE)
    with legacy_pickle.old_names(), monkeypatch.context() as patched:
        for cls in henno_classes():
            patched.setattr(cls, "__module__", cls.__module__.removeprefix("henno."))
        joblib.dump(pipeline, version_dir / ARTIFACT_FILE)
    metadata = json.loads((version_dir / METADATA_FILE).read_text(encoding="utf-8"))
    metadata["artifact_sha256"] = sha256_file(version_dir / ARTIFACT_FILE)
    del metadata["pickled_names"]  # 0.2 did not write it
    (version_dir / METADATA_FILE).write_text(json.dumps(metadata), encoding="utf-8")


LOAD = """
import sys
from pathlib import Path
from henno.model import Classifier
classifier = Classifier.load(Path(sys.argv[1]))
print(classifier.predict(["来月、転勤で大阪に引っ越すため返納します"])[0].label)
print(sorted(name for name in sys.modules if name.split(".")[0] in ("model", "training")))
"""


def test_a_version_pickled_under_the_old_names_loads_and_predicts_the_same(
        small_model: TrainResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    version_dir = Path(shutil.copytree(small_model.path, tmp_path / small_model.version))
    write_as_version_0_2(version_dir, monkeypatch)
    pickled = (version_dir / ARTIFACT_FILE).read_bytes()
    assert b"model.features" in pickled and b"henno.model" not in pickled

    result = subprocess.run([sys.executable, "-c", LOAD, str(version_dir)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    fresh = subprocess.run([sys.executable, "-c", LOAD, str(small_model.path)], cwd=REPO,
                           capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == fresh.stdout
    assert result.stdout.splitlines()[1] == "[]"  # the old names were taken away again


def test_old_names_are_put_back_as_they_were() -> None:
    local = type(sys)("model")  # someone's own `model`, imported before
    sys.modules["model"] = local
    try:
        before = {name: module for name, module in sys.modules.items()
                  if name.split(".")[0] in ("model", "training")}
        with legacy_pickle.old_names():
            assert sys.modules["model"] is henno.model
            assert sys.modules["model.features"] is sys.modules["henno.model.features"]
        after = {name: module for name, module in sys.modules.items()
                 if name.split(".")[0] in ("model", "training")}
        assert after == before
    finally:
        del sys.modules["model"]
