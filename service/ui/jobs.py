"""Form files uploaded through the web page, as file jobs of the work layer (henno.work):
the upload and what is read of it stay files in HENNO_FILES_DIR, the job's state is a work
item in the database, so any worker on any host shows its progress and serves its results.
Jobs are deleted after JOB_TTL: the files hold residents' reasons."""

import contextlib
import logging
import secrets
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from henno.forms.source import DEFAULT_LIMITS, Limits
from henno.forms.streams import format_of
from henno.labelling.output_columns import ColumnSet
from henno.service.scratch import empty_scratch, full_is_storage_full, make_private, private_dir
from henno.service.ui.job_header import read_header, with_header
from henno.service.ui.job_record import Job, JobStatus, job_of, upload_name
from henno.settings import Settings
from henno.work.folders import JobFiles, files_dir
from henno.work.items import WorkError, WorkKind
from henno.work.serving import limits
from henno.work.store import WorkStore

__all__ = ["FileJobs", "Job", "JobStatus", "upload_name"]
logger = logging.getLogger(__name__)
JOB_TTL = timedelta(hours=2)
SWEEP_SECONDS = 300
LABEL = WorkKind.LABEL_FILE


class FileJobs(JobFiles):
    def __init__(self, root: Path, max_bytes: int, limits: Limits = DEFAULT_LIMITS,
                 state_dir: Path | None = None):
        super().__init__(root)
        self.state_dir = state_dir
        self.max_bytes = max_bytes
        self.limits = limits
        self._work: WorkStore | None = None
        self._closed = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep_regularly, name="henno-sweep",
                                         daemon=True)

    @classmethod
    def from_settings(cls, settings: Settings) -> "FileJobs":
        return cls(files_dir(settings), settings.max_upload_bytes, limits(settings),
                   settings.state_dir)

    @property
    def work(self) -> WorkStore:
        if self._work is None:
            raise WorkError("the work database is not open")
        return self._work

    def open(self, work: WorkStore) -> None:
        """Use `work` for the jobs' state; make the folders private and clear what a killed
        process left in the scratch folder (partial outputs hold residents' data); sweep
        expired jobs now and every few minutes."""
        started = time.time()
        if self.state_dir is not None:
            private_dir(self.state_dir)
            empty_scratch(self.state_dir, before=started)
        private_dir(self.root)
        for folder in self._folders():
            with contextlib.suppress(OSError):  # e.g. deleted meanwhile by another worker
                make_private(folder)
        self._work = work
        self.sweep()
        self._sweeper.start()

    def create(self, owner: str, filename: str, upload: BinaryIO,
               header_row: int | None = None) -> Job:
        """Store an upload and read its header (found, or row `header_row` as Excel shows
        it); a file that cannot be read is refused."""
        name = upload_name(filename)
        fmt = format_of(Path(name))
        job_id = secrets.token_urlsafe(16)
        try:
            with full_is_storage_full():
                self.new_folder(job_id)
                file_hash = self.write_upload(upload, self.input(job_id, fmt), self.max_bytes)
            header = read_header(self.input(job_id, fmt), fmt, header_row, self.limits)
            job = with_header(Job(job_id, owner, name, fmt, [], None, file_hash), header,
                              header_row)
            with full_is_storage_full():
                self.write_meta(job_id, job.meta())
            self.work.create(LABEL, owner, job.params(), item_id=job_id)
            return job
        except BaseException:
            self.remove(job_id)
            raise

    def choose_header(self, job: Job, row: int) -> Job:
        """The job with row `row` (as Excel shows it) as its header; raises FormFileError
        when that row cannot be a header, StorageFull when the choice cannot be saved."""
        header = read_header(self.input(job.id, job.format), job.format, row, self.limits)
        chosen = with_header(job, header, row)
        with full_is_storage_full():
            self.write_meta(job.id, chosen.meta())
        self.work.set_params(job.id, chosen.params())
        return chosen

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it exists, has not expired and belongs to `owner`."""
        if not job_id.replace("-", "").replace("_", "").isalnum():
            return None
        item = self.work.get(job_id)
        if item is None or item.owner != owner or item.created_at < self.work.now() - JOB_TTL:
            return None
        meta = self.read_meta(job_id)
        return None if meta is None else job_of(item, meta)

    def owned(self, owner: str) -> list[Job]:
        """The owner's jobs that are kept, newest first."""
        cutoff = self.work.now() - JOB_TTL
        return [job_of(item, meta) for item in self.work.owned(owner, LABEL)
                if item.created_at >= cutoff and (meta := self.read_meta(item.id)) is not None]

    def start(self, job: Job, text_index: int, group_columns: list[int],
              id_index: int | None = None, columns: ColumnSet = ColumnSet.JA) -> bool:
        """Queue the labelling for any worker; False when this job was already started (a
        double click)."""
        params = {**job.params(), "text_column": text_index, "id_column": id_index,
                  "group_columns": group_columns, "columns": columns.value}
        return self.work.start(job.id, params)

    def output(self, job: Job) -> Path:
        return self.output_file(job.id, job.format)

    def report(self, job: Job) -> Path:
        return self.report_dir(job.id) / "report.html"

    def delete(self, job: Job) -> None:
        """Delete the job and its files at once; a running job stops at its next chunk."""
        self.work.delete(job.id)
        self.remove(job.id)

    def sweep(self) -> None:
        """Delete expired jobs (their files hold residents' reasons), folders no job owns
        any longer, and the partial files of a job no worker runs (its worker was killed)."""
        for job_id in self.work.created_before(LABEL, self.work.now() - JOB_TTL):
            self.work.delete(job_id)
            self.remove(job_id)
        kept = set()
        for folder in self._folders():
            item = self.work.get(folder.name)
            if item is not None:
                kept.add(folder.name)
                if item.status != JobStatus.RUNNING:
                    self.remove_partials(folder.name)
        self.sweep_folders(kept, JOB_TTL.total_seconds())

    def _folders(self) -> list[Path]:
        try:
            return list(self.root.iterdir())
        except FileNotFoundError:
            return []

    def _sweep_regularly(self) -> None:
        while not self._closed.wait(SWEEP_SECONDS):
            try:
                self.sweep()
            except (OSError, WorkError) as exc:  # e.g. the database away: next time
                logger.error("sweeping old uploads failed",
                             extra={"error_type": type(exc).__name__})

    def close(self) -> None:
        self._closed.set()

