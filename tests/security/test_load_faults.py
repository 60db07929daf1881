"""The real server under load: a worker killed, and models reloaded again and again."""

import os
import signal
import time
from pathlib import Path

import psutil

from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.security.load import reload_under_load, start_clients, stop_clients
from tests.service.live import serve

OTHER_VERSION = "20990101T000000Z-0d0e0f"


def _models(tmp_path: Path, small_model: TrainResult) -> Path:
    models = tmp_path / "models"
    install_model(small_model, models)
    clone_version(models, small_model.version, OTHER_VERSION)
    return models


def test_other_workers_answer_when_one_is_killed(tmp_path: Path,
                                                 small_model: TrainResult) -> None:
    with serve(_models(tmp_path, small_model), workers=2) as (port, process):
        deadline = time.monotonic() + 60
        while len(psutil.Process(process.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = [w for w in psutil.Process(process.pid).children() if "python" in w.name()]
        stop, outcomes, threads = start_clients(port, 4)
        try:
            time.sleep(1.0)
            os.kill(workers[0].pid, signal.SIGKILL)
            killed_at = time.monotonic()
            time.sleep(3.0)
        finally:
            stop_clients(stop, threads)
    # Requests in flight on the killed worker may fail; from a moment later, none may.
    assert outcomes.successes(since=killed_at + 0.5) > 20
    assert outcomes.failures(since=killed_at + 0.5) == 0


def test_short_soak_with_reloads_fails_no_request(tmp_path: Path,
                                                  small_model: TrainResult) -> None:
    models = _models(tmp_path, small_model)
    with serve(models) as (port, _):
        outcomes = reload_under_load(port, models, [OTHER_VERSION, small_model.version] * 4,
                                     0.5)
    assert outcomes.successes() > 100
    assert outcomes.failures() == 0
