"""Faults while writing: a training killed at random moments, a disk that fills up."""

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from henno.model import store
from henno.model.artifacts import verify_version
from henno.model.classifier import Classifier
from henno.training.train import TrainResult
from tests.conftest import install_model

KILLS = 6


def _env(models: Path) -> dict[str, str]:
    return {**os.environ, "HENNO_MODELS_DIR": str(models)}


def _henno(*args: str) -> list[str]:
    return [sys.executable, "-m", "henno.cli.main", *args]


def test_kill_9_during_training_never_breaks_current(tmp_path: Path, small_model: TrainResult,
                                                     small_data: tuple[Path, Path]) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    rng = random.Random(5)
    for _ in range(KILLS):
        process = subprocess.Popen(
            _henno("train", "--data", str(small_data[0]), "--test", str(small_data[1]),
                   "--force"), env=_env(models), start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 4.0))
        os.killpg(process.pid, signal.SIGKILL)  # the process and its pool workers
        process.wait()
        current = store.current_version(models)
        assert current is not None
        Classifier.load(models / current)
        for version in store.list_versions(models):  # only complete versions are listed
            verify_version(models / version)
    assert small_model.version in store.list_versions(models)


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_while_saving_a_model_changes_nothing(
        tmp_path: Path, small_model: TrainResult, small_data: tuple[Path, Path]) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    before = sorted(p.name for p in models.iterdir())
    result = subprocess.run(
        _henno("train", "--data", str(small_data[0]), "--test", str(small_data[1]), "--force"),
        env=_env(models), preexec_fn=_limit_file_size, capture_output=True, text=True)
    assert result.returncode == 2
    assert "could not write the new model version" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in models.iterdir()) == before
    assert store.current_version(models) == small_model.version


def test_a_full_disk_while_labelling_leaves_no_file(tmp_path: Path,
                                                    small_model: TrainResult) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    source = tmp_path / "forms.csv"
    source.write_text("返納理由\n" + "引っ越しのため返納します\n" * 20_000, encoding="utf-8")
    result = subprocess.run(_henno("label", str(source), "--quiet"), env=_env(models),
                            preexec_fn=_limit_file_size, capture_output=True, text=True)
    assert result.returncode == 2
    assert "could not write" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms.csv", "models"]
