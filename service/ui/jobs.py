"""Form files uploaded through the web page: stored briefly, labelled in the background.

Each job is a private folder (mode 0700) under <state_dir>/jobs holding the upload, the
labelled file, the report and status.json, so any worker process can show its progress and
serve its results. Jobs are deleted after JOB_TTL: the files hold residents' reasons.
"""

import logging
import os
import secrets
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from henno.forms.source import DEFAULT_LIMITS, Limits
from henno.forms.streams import format_of
from henno.labelling.job import LabelOptions
from henno.labelling.output_columns import ColumnSet
from henno.model.classifier import Classifier
from henno.model.errors import HennoError
from henno.review.store import ReviewStore
from henno.service.scratch import (
    PRIVATE_FILE,
    empty_scratch,
    full_is_storage_full,
    private_dir,
)
from henno.service.ui.file_messages import STORAGE_FULL, file_error_message
from henno.service.ui.job_folders import (
    INTERRUPTED,
    JOB_TTL_SECONDS,
    STARTED,
    STATUS,
    JobFolders,
    interrupted,
)
from henno.service.ui.job_header import read_header, with_header
from henno.service.ui.job_record import ACTIVE, Job, JobStatus, upload_name
from henno.service.ui.job_runner import JobCancelled, JobRun, run_job
from henno.settings import Settings

__all__ = ["FileJobs", "Job", "JobStatus", "upload_name"]
logger = logging.getLogger(__name__)
SWEEP_SECONDS = 300
FAILED = "内部エラーでラベル付けできませんでした"


class FileJobs(JobFolders):
    def __init__(self, root: Path, max_bytes: int,
                 workers: int = Settings.model_fields["label_workers"].default,
                 max_rows: int = Settings.model_fields["job_max_rows"].default,
                 limits: Limits = DEFAULT_LIMITS):
        super().__init__(root)
        self.max_bytes = max_bytes
        self.max_rows = max_rows
        self.limits = limits  # HENNO_MAX_SHEET_ROWS / _COLUMNS, as henno label and the API
        # More than one thread: a huge file must not keep every other clerk's job queued.
        self._runner = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="henno-label")
        self._cancelled: set[str] = set()
        self._mine: set[str] = set()  # jobs this process queued
        self._closed = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep_regularly, name="henno-sweep",
                                         daemon=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> "FileJobs":
        return cls(settings.state_dir / "jobs", settings.max_upload_bytes,
                   settings.label_workers, settings.job_max_rows,
                   Limits(settings.max_sheet_rows, settings.max_sheet_columns))

    def open(self) -> None:
        """Make the state, jobs and scratch folders private and clear what a killed process
        left there (partial outputs hold residents' data); start the sweeper."""
        started = time.time()
        private_dir(self.root.parent)
        private_dir(self.root)
        empty_scratch(self.root.parent, before=started)
        self.tidy()
        self.sweep()
        self._sweeper.start()

    def create(self, owner: str, filename: str, upload: BinaryIO) -> Job:
        """Store an upload and read its header; a file that cannot be read is refused."""
        name = upload_name(filename)
        fmt = format_of(Path(name))
        job_id = secrets.token_urlsafe(16)
        folder = self.folder(job_id)
        try:
            with full_is_storage_full():
                private_dir(self.root)
                folder.mkdir(mode=0o700)
                source_path = self.input(job_id, fmt)
                file_hash = self.write_upload(upload, source_path, self.max_bytes)
            header = read_header(source_path, fmt, limits=self.limits)
            job = with_header(Job(job_id, owner, name, fmt, [], None, file_hash), header, None)
            with full_is_storage_full():
                self.save(job)
            return job
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def choose_header(self, job: Job, row: int) -> Job:
        """The job with row `row` (as Excel shows it) as its header; raises FormFileError
        when that row cannot be a header, StorageFull when the choice cannot be saved."""
        header = read_header(self.input(job.id, job.format), job.format, row, self.limits)
        chosen = with_header(job, header, row)
        with full_is_storage_full():
            self.save(chosen)
        return chosen

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it exists, has not expired and belongs to this session."""
        if not job_id.replace("-", "").replace("_", "").isalnum():
            return None
        job = self.load(job_id)
        if job is None or job.owner != owner or time.time() - job.created > JOB_TTL_SECONDS:
            return None
        if job.status in ACTIVE and not (self.folder(job_id) / STARTED).exists():
            # Its status could not be written (a full disk): it may be started again.
            return replace(job, status=JobStatus.UPLOADED, error=STORAGE_FULL)
        # Our own pid on a job we never queued: an earlier run with the same pid (a restarted
        # container numbers its processes alike).
        earlier = job.worker == os.getpid() and job_id not in self._mine
        if job.status in ACTIVE and (interrupted(job) or earlier):
            return replace(job, status=JobStatus.FAILED, error=INTERRUPTED)
        return job

    def owned(self, owner: str) -> list[Job]:
        """The jobs of this session that are kept, as get() tells them."""
        return [job for folder in self._folders()
                if (job := self.get(folder.name, owner)) is not None]

    def start(self, job: Job, text_index: int, group_by: list[str],
              classifier: Classifier, store: ReviewStore | None,
              id_index: int | None = None) -> bool:
        """Queue the labelling; False when this job was already started (a double click).
        Raises StorageFull, leaving the job ready to start again, when its status cannot
        be written."""
        marker = self.folder(job.id) / STARTED
        try:  # the marker's exclusive creation is the one atomic "start" across processes
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        except FileExistsError:
            return False
        try:
            with full_is_storage_full():
                job = replace(job, status=JobStatus.QUEUED, worker=os.getpid(), error="",
                              text_column=text_index, id_column=id_index, group_by=group_by)
                self.save(job)
        except BaseException:
            marker.unlink(missing_ok=True)
            raise
        # The download is for people: the Japanese label columns (the API keeps machine ones).
        self._mine.add(job.id)
        options = LabelOptions(text_column_index=text_index, group_by=group_by,
                               columns=ColumnSet.JA, header_row=job.header_row,
                               limits=self.limits)
        self._runner.submit(self._run, job, options, classifier, store)
        return True

    def _run(self, job: Job, options: LabelOptions, classifier: Classifier,
             store: ReviewStore | None) -> None:
        run = JobRun(self.input(job.id, job.format), self.output(job),
                     self.report(job).parent, self.save, lambda: self._is_cancelled(job.id),
                     self.max_rows)
        try:
            self.finish(job, run_job(run, job, options, classifier, store))
        except JobCancelled:
            pass
        except HennoError as exc:
            self.fail(job, file_error_message(exc))
        except Exception as exc:  # the page must say it failed, whatever the reason
            logger.error("labelling job failed", extra={"error_type": type(exc).__name__})
            self.fail(job, FAILED)
        finally:
            if self._is_cancelled(job.id):  # deleted while it ran: remove what it wrote since
                shutil.rmtree(self.folder(job.id), ignore_errors=True)
                self._cancelled.discard(job.id)

    def _is_cancelled(self, job_id: str) -> bool:
        # Deleted from this process, or from another one (its status file is gone).
        return job_id in self._cancelled or not (self.folder(job_id) / STATUS).exists()

    def delete(self, job: Job) -> None:
        """Delete the job's files at once; a running job stops at its next chunk."""
        self._cancelled.add(job.id)
        shutil.rmtree(self.folder(job.id), ignore_errors=True)
        # Only a job this process is running still needs the flag to stop between chunks.
        if job.status not in ACTIVE or job.worker != os.getpid():
            self._cancelled.discard(job.id)

    def _sweep_regularly(self) -> None:
        while not self._closed.wait(SWEEP_SECONDS):
            try:
                self.sweep()
            except OSError as exc:  # e.g. a permission changed: try again next time
                logger.error("sweeping old uploads failed",
                             extra={"error_type": type(exc).__name__})

    def close(self) -> None:
        self._closed.set()
        self._runner.shutdown(wait=False, cancel_futures=True)
