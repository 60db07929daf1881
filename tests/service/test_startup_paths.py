"""`henno serve` says at start which absolute folders and files it uses."""

import logging
from pathlib import Path

import pytest

from henno.service.startup import log_paths
from henno.settings import Settings


def test_start_logs_absolute_paths_under_home(tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="henno.service.startup")
    log_paths(Settings(home=tmp_path, state_dir=Path("/srv/state")))
    [message] = [record.getMessage() for record in caplog.records]
    assert message == (f"paths in use: HENNO_HOME={tmp_path}, HENNO_MODELS_DIR={tmp_path}/models, "
                       f"HENNO_STATE_DIR=/srv/state, HENNO_TRAIN_DATA={tmp_path}/data/train.csv, "
                       f"HENNO_TEST_DATA={tmp_path}/data/test.csv")


def test_start_logs_the_current_folder_as_default_home(caplog: pytest.LogCaptureFixture,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.INFO, logger="henno.service.startup")
    log_paths(Settings())
    assert f"HENNO_MODELS_DIR={tmp_path.resolve()}/models," in caplog.records[0].getMessage()
