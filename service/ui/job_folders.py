"""Where file jobs live: one private folder per job under <state_dir>/jobs, its status in
status.json (written whole, so every worker process reads a complete one). Expired jobs are
swept; at start, what a killed process left behind is removed."""

import contextlib
import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import BinaryIO

from henno.model.errors import FormFileError
from henno.service.scratch import PRIVATE_FILE, make_private, remove_except
from henno.service.ui.job_record import ACTIVE, Job, JobStatus
from henno.service.ui.state_files import write_json

logger = logging.getLogger(__name__)
JOB_TTL_SECONDS = 2 * 3600
STATUS, STARTED = "status.json", "started"
# A running job writes its status at least every chunk; silence this long means it died
# (a restart, a killed worker) and the page says so instead of waiting for ever.
STALE_SECONDS = 120
_COPY_BYTES = 2**20
INTERRUPTED = "処理が中断されました（サーバーの再起動など）。もう一度アップロードしてください"


def process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        pass
    return False


def interrupted(job: Job) -> bool:
    """A queued or running job whose process is gone, or a running one gone silent."""
    return process_gone(job.worker) or (
        job.status == JobStatus.RUNNING and time.time() - job.updated > STALE_SECONDS)


class JobFolders:
    def __init__(self, root: Path):
        self.root = root

    def folder(self, job_id: str) -> Path:
        return self.root / job_id

    def input(self, job_id: str, fmt: str) -> Path:
        return self.folder(job_id) / f"input.{fmt}"

    def output(self, job: Job) -> Path:
        return self.folder(job.id) / f"output.{job.format}"

    def report(self, job: Job) -> Path:
        return self.folder(job.id) / "report" / "report.html"

    def reviewed(self, job: Job) -> Path:
        return self.folder(job.id) / f"reviewed.{job.format}"

    @staticmethod
    def write_upload(upload: BinaryIO, path: Path, max_bytes: int) -> str:
        """Copy the upload to a new private file, refusing it beyond `max_bytes`; return
        its sha256."""
        written = 0
        digest = hashlib.sha256()
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE), "wb") as out:
            while chunk := upload.read(_COPY_BYTES):
                written += len(chunk)
                if written > max_bytes:
                    raise FormFileError(f"the file is larger than {max_bytes} bytes",
                                        code="too_large")
                out.write(chunk)
                digest.update(chunk)
        return digest.hexdigest()

    def save(self, job: Job) -> None:
        write_json(self.folder(job.id) / STATUS, asdict(replace(job, updated=time.time())))

    def load(self, job_id: str) -> Job | None:
        try:
            return Job(**json.loads((self.folder(job_id) / STATUS).read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def _folders(self) -> list[Path]:
        try:
            return list(self.root.iterdir())
        except FileNotFoundError:
            return []

    def finish(self, job: Job, done: Job) -> None:
        """Record a finished job, its files private whatever the umask made them."""
        make_private(self.folder(job.id))
        self._write_or_release(done)

    def fail(self, job: Job, message: str) -> None:
        """A failed job keeps its upload and status only: no partial output or report."""
        with contextlib.suppress(OSError):
            remove_except(self.folder(job.id), {STATUS, STARTED, f"input.{job.format}"})
        self._write_or_release(replace(job, status=JobStatus.FAILED, error=message))

    def _write_or_release(self, job: Job) -> None:
        """Save the job's status; when even that fails, forget the start so it may be
        started again."""
        try:
            self.save(job)
        except OSError as exc:  # a full disk: without its marker get() offers a new start
            logger.error("job status not written", extra={"error_type": type(exc).__name__})
            with contextlib.suppress(OSError):
                remove_except(self.folder(job.id), {STATUS, f"input.{job.format}"})

    def tidy(self) -> None:
        """Every job folder private; jobs whose process is gone (kill -9) lose their partial
        files (outputs, spool files: residents' rows) and say they were interrupted."""
        for folder in list(self.root.iterdir()):
            try:
                make_private(folder)
                job = self.load(folder.name)
                # At start no job is ours yet: our pid on one is an earlier run's (a restarted
                # container numbers its processes alike).
                gone = job is not None and (process_gone(job.worker) or job.worker == os.getpid())
                if job is not None and job.status in ACTIVE and gone:
                    remove_except(folder, {STATUS})
                    self.save(replace(job, status=JobStatus.FAILED, error=INTERRUPTED))
            except OSError as exc:  # e.g. deleted meanwhile by a sibling worker
                logger.error("job folder not tidied", extra={"error_type": type(exc).__name__})

    def sweep(self) -> None:
        """Delete expired jobs (their files hold residents' reasons)."""
        with contextlib.suppress(FileNotFoundError):
            for folder in list(self.root.iterdir()):
                try:
                    created = json.loads((folder / STATUS).read_text("utf-8"))["created"]
                except (OSError, ValueError, KeyError):
                    try:
                        created = folder.stat().st_mtime
                    except FileNotFoundError:  # deleted meanwhile by a clerk or a worker
                        continue
                if time.time() - created > JOB_TTL_SECONDS:
                    shutil.rmtree(folder, ignore_errors=True)
