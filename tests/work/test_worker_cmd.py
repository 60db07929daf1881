"""`henno worker` in a process of its own labels a job the page queued, and stops cleanly."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from henno.model.classifier import Classifier
from henno.review.db import make_engine, upgrade
from henno.service.ui.jobs import FileJobs
from henno.training.train import TrainResult
from henno.work.items import WorkStatus
from henno.work.label_job import LabelHandler
from henno.work.runner import Runner
from henno.work.store import WorkStore
from tests.conftest import install_model

CSV = "返納理由\n来月、夫の転勤で大阪に引っ越すため返納します\n情報漏えいが不安\n".encode()


def _wait_for_status(work: WorkStore, job_id: str, wanted: WorkStatus,
                     seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while (item := work.get(job_id)) is None or item.status != wanted:
        assert time.monotonic() < deadline, f"still {item and item.status}"
        time.sleep(0.1)


def test_a_worker_process_labels_a_queued_job(tmp_path: Path, small_model: TrainResult) -> None:
    models, state = install_model(small_model, tmp_path / "models"), tmp_path / "state"
    url = f"sqlite:///{state / 'henno.db'}"
    upgrade(url)
    work = WorkStore(make_engine(url))
    jobs = FileJobs(state / "files", 10**6, state_dir=state)
    jobs.open(work)
    job = jobs.create("user:佐藤花子", "返納届.csv", io.BytesIO(CSV))
    assert jobs.start(job, 0, [])
    env = {**os.environ, "HENNO_STATE_DIR": str(state), "HENNO_MODELS_DIR": str(models)}
    worker = subprocess.Popen([sys.executable, "-m", "henno.cli.main", "worker", "--slots", "1"],
                              env=env, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_status(work, job.id, WorkStatus.DONE)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=60)
        jobs.close()
        work.close()
    assert worker.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in errors and "waiting for work" in errors
    assert jobs.output(job).is_file()


def test_a_job_of_a_worker_killed_with_sigkill_is_finished_by_another(
        tmp_path: Path, small_model: TrainResult, small_classifier: Classifier) -> None:
    models, state = install_model(small_model, tmp_path / "models"), tmp_path / "state"
    url = f"sqlite:///{state / 'henno.db'}"
    upgrade(url)
    work = WorkStore(make_engine(url))
    jobs = FileJobs(state / "files", 10**8, state_dir=state)
    jobs.open(work)
    big = CSV + "来月、夫の転勤で大阪に引っ越すため返納します\n".encode() * 200_000
    job = jobs.create("user:佐藤花子", "返納届.csv", io.BytesIO(big))
    assert jobs.start(job, 0, [])
    env = {**os.environ, "HENNO_STATE_DIR": str(state), "HENNO_MODELS_DIR": str(models),
           "HENNO_JOB_LEASE_SECONDS": "2", "HENNO_JOB_MAX_ROWS": "1000000"}
    doomed = subprocess.Popen([sys.executable, "-m", "henno.cli.main", "worker"], env=env,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for_status(work, job.id, WorkStatus.RUNNING)
    finally:
        doomed.kill()  # SIGKILL: no clean-up, the lease is simply no longer renewed
        doomed.wait(timeout=60)
    # Another host's worker: once the lease lapses it takes the job over and labels it.
    survivor = Runner(work, [LabelHandler(jobs, lambda: small_classifier, lambda: None,
                                          max_rows=10**6)])
    deadline = time.monotonic() + 120
    while not survivor.run_once():
        assert time.monotonic() < deadline, "the job was never taken over"
        time.sleep(0.2)
    item = work.get(job.id)
    assert item is not None and (item.status, item.interruptions) == (WorkStatus.DONE, 1)
    assert jobs.output(job).is_file()
    jobs.close()
    work.close()


def test_a_worker_refuses_zero_slots() -> None:
    result = subprocess.run([sys.executable, "-m", "henno.cli.main", "worker", "--slots", "0"],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (2, "henno: error: --slots must be at least 1\n")
