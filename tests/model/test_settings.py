"""HENNO_HOME anchors every relative path setting; absolute ones stay as given."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from henno.settings import Settings
from henno.training.train import TrainResult
from tests.conftest import install_model

ROOT = Path(__file__).resolve().parents[2]
PATH_SETTINGS = ("models_dir", "state_dir", "train_data", "test_data")


@pytest.mark.parametrize(("name", "given", "expected"), [
    ("models_dir", "models", "/x/models"),
    ("state_dir", "var", "/x/var"),
    ("train_data", "data/train.csv", "/x/data/train.csv"),
    ("test_data", "data/test.csv", "/x/data/test.csv"),
    ("models_dir", "/srv/models", "/srv/models"),
    ("state_dir", "/srv/var", "/srv/var"),
])
def test_home_anchors_relative_paths(name: str, given: str, expected: str) -> None:
    settings = Settings.model_validate({"home": "/x", name: given})
    assert getattr(settings, name) == Path(expected)


@pytest.mark.parametrize("name", PATH_SETTINGS)
def test_home_from_environment_anchors_defaults(name: str, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    monkeypatch.setenv("HENNO_HOME", "/x")
    default = Settings.model_fields[name].default
    assert getattr(Settings(), name) == Path("/x") / default


def test_every_path_setting_is_anchored() -> None:
    paths = [name for name, field in Settings.model_fields.items()
             if field.annotation is Path and name != "home"]
    assert sorted(paths) == sorted(PATH_SETTINGS)


def test_default_home_is_the_current_folder() -> None:
    settings = Settings()
    assert (settings.home, settings.models_dir) == (Path("."), Path("models"))


def test_cli_started_elsewhere_uses_henno_home(tmp_path: Path, small_model: TrainResult) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    install_model(small_model, home / "models")
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("HENNO_")}
    env.update(HENNO_HOME=str(home), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "henno.cli.main", "models", "list", "--json"],
                            cwd=elsewhere, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(row["version"], row["current"]) for row in rows] == [(small_model.version, True)]
    assert not (elsewhere / "models").exists()


def test_cli_train_defaults_to_the_homes_data(tmp_path: Path,
                                              small_data: tuple[Path, Path]) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    (home / "data").mkdir(parents=True)
    shutil.copy(small_data[0], home / "data" / "train.csv")
    shutil.copy(small_data[1], home / "data" / "test.csv")
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("HENNO_")}
    env.update(HENNO_HOME=str(home), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "henno.cli.main", "train"], cwd=elsewhere,
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert [path.name for path in (home / "models").iterdir() if path.is_dir()]
