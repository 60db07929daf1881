"""File jobs of the page over the work layer: labelled by whichever worker claims them, the
per-job row limit, a full disk, a job deleted while it runs, a worker that died, expiry,
private folders, and the audit entry of a labelled file. Transitions are driven by a clock
the test moves and by running the runner's loop once: no sleeps, no forged files."""

import errno
import io
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from henno.audit import AuditAction, AuditTrail
from henno.model.classifier import Classifier
from henno.review.db import make_engine, upgrade
from henno.review.errors import ReviewStoreError
from henno.service.scratch import StorageFull
from henno.service.ui.file_messages import too_many_rows
from henno.service.ui.job_record import INTERRUPTED_JA
from henno.service.ui.jobs import JOB_TTL, FileJobs, Job, JobStatus
from henno.work.items import WorkKind
from henno.work.label_job import LabelHandler
from henno.work.runner import Runner
from henno.work.store import WorkStore
from tests.work.conftest import LEASE, Clock

CSV = "返納理由\n来月、夫の転勤で大阪に引っ越すため返納します\n情報漏えいが不安\n".encode()
OWNER = "user:佐藤花子"
LABEL = WorkKind.LABEL_FILE


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def work(tmp_path: Path, clock: Clock) -> Iterator[WorkStore]:
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    upgrade(url)
    store = WorkStore(make_engine(url), lease=LEASE, clock=clock)
    yield store
    store.close()


@pytest.fixture
def jobs(tmp_path: Path, work: WorkStore) -> Iterator[FileJobs]:
    file_jobs = FileJobs(tmp_path / "files", 10**6, state_dir=tmp_path / "state")
    file_jobs.open(work)
    yield file_jobs
    file_jobs.close()


def runner(jobs: FileJobs, work: WorkStore, classifier: Classifier | None,
           max_rows: int = 1000, audit: AuditTrail | None = None) -> Runner:
    handler = LabelHandler(jobs, lambda: classifier, lambda: None, max_rows=max_rows,
                           audit=audit)
    return Runner(work, [handler])


def started(jobs: FileJobs, name: str = "返納届.csv") -> Job:
    job = jobs.create(OWNER, name, io.BytesIO(CSV))
    assert jobs.start(job, 0, [])
    return job


def status(jobs: FileJobs, job: Job) -> Job:
    found = jobs.get(job.id, OWNER)
    assert found is not None
    return found


def test_a_queued_job_is_labelled_by_the_worker_that_claims_it(
        jobs: FileJobs, work: WorkStore, small_classifier: Classifier) -> None:
    job = started(jobs)
    assert status(jobs, job).status == JobStatus.QUEUED
    assert runner(jobs, work, small_classifier).run_once()
    done = status(jobs, job)
    assert (done.status, done.rows, done.fraction, done.error) == (JobStatus.DONE, 2, 1.0, "")
    assert sum(done.counts.values()) == 2
    assert sorted(path.name for path in jobs.folder(job.id).iterdir()) == [
        "input.csv", "meta.json", "output.csv", "report"]


def test_a_job_uploaded_on_one_replica_is_labelled_and_served_by_another(
        tmp_path: Path, jobs: FileJobs, work: WorkStore, clock: Clock,
        small_classifier: Classifier) -> None:
    # Replica B: its own FileJobs and runner over the same database and files folder.
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    work_b = WorkStore(make_engine(url), lease=LEASE, clock=clock)
    jobs_b = FileJobs(tmp_path / "files", 10**6, state_dir=tmp_path / "state-b")
    jobs_b.open(work_b)
    job = started(jobs)  # on replica A
    assert runner(jobs_b, work_b, small_classifier).run_once()
    assert [found.id for found in jobs_b.owned(OWNER)] == [job.id]
    done = status(jobs_b, job)
    assert done.status == JobStatus.DONE and jobs_b.output(done).is_file()
    assert status(jobs, job).status == JobStatus.DONE
    jobs_b.close()
    work_b.close()


def test_without_the_database_the_jobs_refuse_as_the_review_store_does(tmp_path: Path) -> None:
    closed = FileJobs(tmp_path / "files", 10**6)
    with pytest.raises(ReviewStoreError, match=r"^the work database is not open$"):
        closed.get("some-job", OWNER)


def test_a_double_click_starts_a_job_once(jobs: FileJobs) -> None:
    job = started(jobs)
    assert not jobs.start(job, 0, [])


def test_the_row_limit_fails_the_job_and_leaves_only_the_upload(
        jobs: FileJobs, work: WorkStore, small_classifier: Classifier) -> None:
    job = started(jobs)
    runner(jobs, work, small_classifier, max_rows=1).run_once()
    failed = status(jobs, job)
    assert (failed.status, failed.error) == (JobStatus.FAILED, too_many_rows(1))
    assert sorted(path.name for path in jobs.folder(job.id).iterdir()) == [
        "input.csv", "meta.json"]


def test_without_a_model_the_job_fails_saying_so(jobs: FileJobs, work: WorkStore) -> None:
    job = started(jobs)
    runner(jobs, work, None).run_once()
    assert status(jobs, job).error == "モデルが読み込まれていません。管理者に連絡してください"


def _full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_an_upload_refused_by_a_full_disk_leaves_nothing(
        jobs: FileJobs, work: WorkStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("henno.work.folders.write_json", _full_disk)
    with pytest.raises(StorageFull, match=r"^the state folder is full$"):
        jobs.create(OWNER, "返納届.csv", io.BytesIO(CSV))
    assert list(jobs.root.iterdir()) == [] and work.owned(OWNER, LABEL) == []


def test_a_job_deleted_while_it_runs_leaves_no_files(
        jobs: FileJobs, work: WorkStore, small_classifier: Classifier,
        monkeypatch: pytest.MonkeyPatch) -> None:
    job = started(jobs)

    def deleted_by_the_clerk(source: Path, output: Path, *args: Any, **kwargs: Any) -> Any:
        output.write_bytes(b"partial rows")
        jobs.delete(job)  # from the page, on any replica
        kwargs["on_progress"](1, 0.5)
        raise AssertionError("progress did not stop the job")

    monkeypatch.setattr("henno.work.label_job.label_file", deleted_by_the_clerk)
    runner(jobs, work, small_classifier).run_once()
    assert not jobs.folder(job.id).exists() and work.get(job.id) is None
    assert jobs.get(job.id, OWNER) is None


def test_a_job_whose_worker_died_is_labelled_by_another(
        jobs: FileJobs, work: WorkStore, clock: Clock, small_classifier: Classifier) -> None:
    job = started(jobs)
    assert work.claim("host-a:4242:dead", [LABEL]) is not None  # then kill -9
    survivor = runner(jobs, work, small_classifier)
    survivor.run_once()
    assert status(jobs, job).status == JobStatus.RUNNING  # its lease has not lapsed yet
    clock.advance(LEASE.total_seconds() + 1)
    survivor.run_once()
    assert status(jobs, job).status == JobStatus.DONE


def test_a_job_whose_workers_died_twice_says_it_was_interrupted(
        jobs: FileJobs, work: WorkStore, clock: Clock, small_classifier: Classifier) -> None:
    job = started(jobs)
    for host in ("host-a", "host-b"):
        assert work.claim(f"{host}:4242:dead", [LABEL]) is not None  # then kill -9
        clock.advance(LEASE.total_seconds() + 1)
        work.expire()
    interrupted = status(jobs, job)
    assert (interrupted.status, interrupted.error) == (JobStatus.FAILED, INTERRUPTED_JA)


def test_the_partial_files_of_a_killed_worker_are_swept(
        jobs: FileJobs, work: WorkStore, clock: Clock, small_classifier: Classifier) -> None:
    job = started(jobs)
    assert work.claim("host-a:4242:dead", [LABEL]) is not None
    partial = jobs.partial(job.id, ".csv")
    partial.write_bytes("佐藤花子,転居のため\n".encode())  # what the killed worker was writing
    jobs.sweep()
    assert partial.exists()  # its worker may still be alive
    clock.advance(LEASE.total_seconds() + 1)
    work.expire()
    jobs.sweep()
    assert not partial.exists() and jobs.input(job.id, "csv").exists()


def test_a_job_waiting_its_turn_is_not_taken_for_interrupted(
        jobs: FileJobs, work: WorkStore, clock: Clock) -> None:
    job = started(jobs)
    clock.advance(3600)
    work.expire()
    assert status(jobs, job).status == JobStatus.QUEUED


def test_expired_jobs_are_swept(jobs: FileJobs, clock: Clock) -> None:
    job = started(jobs)
    clock.advance(JOB_TTL.total_seconds() - 1)
    jobs.sweep()
    assert jobs.folder(job.id).exists()
    clock.advance(2)
    assert jobs.get(job.id, OWNER) is None  # expired, even before the sweep
    jobs.sweep()
    assert not jobs.folder(job.id).exists()


def test_an_old_folder_of_no_job_is_swept(jobs: FileJobs) -> None:
    orphan = jobs.root / "left-by-a-crash"
    orphan.mkdir()
    old = time.time() - JOB_TTL.total_seconds() - 1
    os.utime(orphan, (old, old))
    jobs.sweep()
    assert not orphan.exists()


@pytest.mark.parametrize("owner", ["user:suzuki", "key:集計", "open"])
def test_another_owners_job_is_not_found(jobs: FileJobs, owner: str) -> None:
    job = started(jobs)
    assert jobs.get(job.id, owner) is None and jobs.owned(owner) == []
    assert [found.id for found in jobs.owned(OWNER)] == [job.id]


def test_a_restart_empties_the_scratch_folder(tmp_path: Path, work: WorkStore) -> None:
    scratch = tmp_path / "state" / "tmp"
    scratch.mkdir(parents=True, mode=0o755)
    (scratch / "upload-1.csv").write_text("佐藤花子")
    old = time.time() - 60
    os.utime(scratch / "upload-1.csv", (old, old))
    jobs = FileJobs(tmp_path / "files", 10**6, state_dir=tmp_path / "state")
    jobs.open(work)
    assert list(scratch.iterdir()) == []
    jobs.close()


def test_folders_and_uploads_are_private(tmp_path: Path, work: WorkStore) -> None:
    files = tmp_path / "files"
    (files / "old-job").mkdir(parents=True, mode=0o755)
    for folder in (files, files / "old-job"):
        os.chmod(folder, 0o755)
    jobs = FileJobs(files, 10**6)
    jobs.open(work)
    job = jobs.create(OWNER, "返納届.csv", io.BytesIO(CSV))
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (
        files, files / "old-job", jobs.folder(job.id), jobs.input(job.id, "csv"),
        jobs.folder(job.id) / "meta.json")}
    assert modes == {"files": 0o700, "old-job": 0o700, job.id: 0o700, "input.csv": 0o600,
                     "meta.json": 0o600}
    jobs.close()


def test_the_database_holds_no_file_name_or_header(jobs: FileJobs, work: WorkStore,
                                                   tmp_path: Path) -> None:
    started(jobs, "山田太郎_返納届.csv")
    engine = create_engine(f"sqlite:///{tmp_path / 'state' / 'henno.db'}")
    with engine.connect() as connection:
        dump = "\n".join(connection.connection.iterdump())
    engine.dispose()
    assert "山田太郎" not in dump and "返納理由" not in dump


def test_a_labelled_file_is_audited_with_its_owner_name_redacted_and_rows(
        jobs: FileJobs, work: WorkStore, small_classifier: Classifier) -> None:
    trail = AuditTrail(work.engine)
    job = started(jobs, "佐藤花子_返納届.csv")
    runner(jobs, work, small_classifier, audit=trail).run_once()
    [entry] = trail.latest()
    assert (entry.actor, entry.action, entry.outcome) == (OWNER, AuditAction.FILE_LABELLED, "ok")
    assert entry.objects["rows"] == 2 and entry.objects["job"] == job.id
    assert "佐藤花子" not in str(entry.objects["file"])
    assert str(entry.objects["file"]).endswith("返納届.csv")


def test_the_app_takes_the_job_settings(tmp_path: Path) -> None:
    from henno.service.app import create_app
    from henno.settings import Settings

    settings = Settings(models_dir=tmp_path / "models", state_dir=tmp_path / "var",
                        files_dir=tmp_path / "shared", max_upload_bytes=99)
    jobs = create_app(settings).state.ui.jobs
    assert (jobs.root, jobs.max_bytes) == (tmp_path / "shared", 99)
    default = create_app(Settings(models_dir=tmp_path / "models", state_dir=tmp_path / "var"))
    assert default.state.ui.jobs.root == tmp_path / "var" / "files"
