"""FileJobs on its own: labelling threads, the per-job row limit, a full state disk, a job
deleted while it runs, and what a killed process left in the state folder."""

import errno
import io
import json
import os
import stat
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import henno.service.ui.job_runner as job_runner
from henno.labelling.job import LabelOptions
from henno.model.classifier import Classifier
from henno.service.scratch import StorageFull
from henno.service.ui.jobs import FileJobs, Job, JobStatus

CSV = "返納理由\n来月、夫の転勤で大阪に引っ越すため返納します\n情報漏えいが不安\n".encode()
Progress = Callable[[int, float | None], None]


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition was never met")
        time.sleep(0.02)


@pytest.fixture
def jobs(tmp_path: Path) -> Iterator[FileJobs]:
    file_jobs = FileJobs(tmp_path / "state" / "jobs", 10**6, workers=2, max_rows=1000)
    file_jobs.open()
    yield file_jobs
    file_jobs.close()


class SlowLabelling:
    """A stand-in for label_file that reports progress until it is released or cancelled."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.ended: list[str] = []

    def __call__(self, source: Path, output: Path, model: Any, options: LabelOptions,
                 show_progress: bool, on_chunk: Any, on_progress: Progress) -> Any:
        partial = output.with_name(f".{output.name}.{os.getpid()}.part")
        partial.write_bytes(b"partial rows")
        try:
            rows = 0
            while not self.release.wait(0.01):
                rows += 1
                on_progress(min(rows, 5), None)
        except BaseException as exc:
            self.ended.append(type(exc).__name__)
            partial.unlink(missing_ok=True)
            raise
        raise RuntimeError("released")


def _ended_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def started(jobs: FileJobs, name: str = "forms.csv", data: bytes = CSV) -> Job:
    return jobs.create("owner", name, io.BytesIO(data))


def start(jobs: FileJobs, job: Job, classifier: Any = None) -> None:
    assert jobs.start(job, 0, [], classifier, None)


def status(jobs: FileJobs, job: Job) -> Job:
    found = jobs.get(job.id, "owner")
    assert found is not None
    return found


def test_two_jobs_progress_at_once(jobs: FileJobs, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = SlowLabelling()
    monkeypatch.setattr(job_runner, "label_file", slow)
    first, second = started(jobs), started(jobs)
    start(jobs, first)
    start(jobs, second)
    try:
        wait_for(lambda: all(status(jobs, j).rows > 0 for j in (first, second)))
    finally:
        slow.release.set()


def test_a_job_beyond_the_row_limit_stops_and_leaves_nothing(
        tmp_path: Path, small_classifier: Classifier) -> None:
    jobs = FileJobs(tmp_path / "jobs", 10**6, workers=1, max_rows=1)
    jobs.open()
    job = started(jobs)
    start(jobs, job, small_classifier)
    wait_for(lambda: status(jobs, job).status == JobStatus.FAILED)
    assert status(jobs, job).error == ("このファイルは行数が多すぎます（上限 1 行）。"
                                       "ファイルを分けてアップロードしてください")
    assert sorted(p.name for p in jobs.folder(job.id).iterdir()) == [
        "input.csv", "started", "status.json"]
    jobs.close()


def full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_at_upload_is_storage_full_and_leaves_no_folder(
        jobs: FileJobs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("henno.service.ui.job_folders.write_json", full_disk)
    with pytest.raises(StorageFull, match=r"^the state folder is full$"):
        started(jobs)
    assert list(jobs.root.iterdir()) == []


def test_a_job_can_be_started_again_once_the_disk_has_space(
        jobs: FileJobs, monkeypatch: pytest.MonkeyPatch, small_classifier: Classifier) -> None:
    job = started(jobs)
    with monkeypatch.context() as patched:
        patched.setattr("henno.service.ui.job_folders.write_json", full_disk)
        with pytest.raises(StorageFull):
            jobs.start(job, 0, [], small_classifier, None)
    assert status(jobs, job).status == JobStatus.UPLOADED
    start(jobs, job, small_classifier)
    wait_for(lambda: status(jobs, job).status == JobStatus.DONE)


def test_a_full_disk_while_labelling_lets_the_job_start_again(
        jobs: FileJobs, monkeypatch: pytest.MonkeyPatch, small_classifier: Classifier) -> None:
    def full_after_queued(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    job = started(jobs)
    monkeypatch.setattr(jobs, "save", lambda j: (full_after_queued() if j.status in (
        JobStatus.RUNNING, JobStatus.FAILED) else FileJobs.save(jobs, j)))
    start(jobs, job, small_classifier)
    wait_for(lambda: not (jobs.folder(job.id) / "started").exists())
    again = status(jobs, job)
    assert again.status == JobStatus.UPLOADED
    assert again.error.startswith("サーバーの保存領域がいっぱいです。")


def test_deleting_a_running_job_stops_it_and_leaves_nothing(
        jobs: FileJobs, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = SlowLabelling()
    monkeypatch.setattr(job_runner, "label_file", slow)
    job = started(jobs)
    start(jobs, job)
    wait_for(lambda: status(jobs, job).rows > 0)
    jobs.delete(status(jobs, job))
    wait_for(lambda: slow.ended == ["JobCancelled"])
    wait_for(lambda: not jobs.folder(job.id).exists())
    assert list(jobs.root.iterdir()) == []


@pytest.mark.parametrize("worker", [_ended_pid, os.getpid])  # ours: an earlier run's
def test_a_restart_clears_the_partial_files_of_a_killed_job(
        tmp_path: Path, worker: Callable[[], int]) -> None:
    first = FileJobs(tmp_path / "jobs", 10**6)
    first.open()
    job = started(first)
    first.save(Job(**{**json.loads((first.folder(job.id) / "status.json").read_text()),
                      "status": "running", "worker": worker()}))
    for leftover in (".output.csv.123.part", "openpyxl.abc", "output.csv"):
        (first.folder(job.id) / leftover).write_text("佐藤花子 090-0000-0000")
    first.close()
    second = FileJobs(tmp_path / "jobs", 10**6)
    second.open()
    assert [p.name for p in second.folder(job.id).iterdir()] == ["status.json"]
    assert status(second, job).error.startswith("処理が中断されました")
    second.close()


def test_a_restart_empties_the_scratch_folder(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir(mode=0o755)
    os.chmod(scratch, 0o755)
    (scratch / "upload-1.csv").write_text("佐藤花子")
    (scratch / "spool").mkdir()
    old = time.time() - 60
    for entry in scratch.iterdir():
        os.utime(entry, (old, old))
    jobs = FileJobs(tmp_path / "jobs", 10**6)
    jobs.open()
    assert list(scratch.iterdir()) == []
    assert stat.S_IMODE(scratch.stat().st_mode) == 0o700
    jobs.close()


def test_existing_folders_and_uploads_are_made_private(tmp_path: Path) -> None:
    state = tmp_path / "state"
    (state / "jobs" / "old-job").mkdir(parents=True, mode=0o755)
    for folder in (state, state / "jobs", state / "jobs" / "old-job"):
        os.chmod(folder, 0o755)
    jobs = FileJobs(state / "jobs", 10**6)
    jobs.open()
    job = started(jobs)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (
        state, state / "jobs", state / "jobs" / "old-job", jobs.folder(job.id),
        jobs.input(job.id, "csv"), jobs.folder(job.id) / "status.json")}
    assert modes == {"state": 0o700, "jobs": 0o700, "old-job": 0o700, job.id: 0o700,
                     "input.csv": 0o600, "status.json": 0o600}
    jobs.close()


def test_a_job_of_an_earlier_run_with_our_pid_is_interrupted(jobs: FileJobs) -> None:
    job = started(jobs)
    (jobs.folder(job.id) / "started").touch()
    jobs.save(replace(job, status=JobStatus.QUEUED, worker=os.getpid()))
    assert status(jobs, job).status == JobStatus.FAILED


def test_the_app_takes_the_job_limits_from_its_settings(tmp_path: Path) -> None:
    from henno.service.app import create_app
    from henno.settings import Settings

    settings = Settings(models_dir=tmp_path / "models", state_dir=tmp_path / "var",
                        label_workers=3, job_max_rows=7)
    jobs = create_app(settings).state.ui.jobs
    assert (jobs.max_rows, jobs._runner._max_workers) == (7, 3)
