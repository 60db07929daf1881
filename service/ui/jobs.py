"""Form files uploaded through the web page: stored briefly, labelled in the background.

Each job is a private folder (mode 0700) under <state_dir>/jobs holding the upload, the
labelled file, the report and status.json, so any worker process can show its progress and
serve its results. Jobs are deleted after JOB_TTL: the files hold residents' reasons.
"""

import contextlib
import json
import logging
import os
import secrets
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any, BinaryIO

from forms.columns import find_text_column
from forms.streams import StreamFormat, format_of, open_source
from labelling.job import LabelOptions, label_file, labelled_name
from labelling.report import write_report
from model.classifier import Classifier
from model.errors import FormFileError, HennoError
from model.labels import LABELS
from review.flagged import flagged_items
from review.store import NewItem, ReviewStore
from service.ui.file_messages import file_error_message
from service.ui.state_files import write_json

logger = logging.getLogger(__name__)
JOB_TTL_SECONDS = 2 * 3600
SWEEP_SECONDS = 300
# A running job writes its status at least every chunk; silence this long means it died
# (a restart, a killed worker) and the page says so instead of waiting for ever.
STALE_SECONDS = 120
MAX_NAME_CHARS = 120
_COPY_BYTES = 2**20
ACTIVE = ("queued", "running")
INTERRUPTED = "処理が中断されました（サーバーの再起動など）。もう一度アップロードしてください"
NOT_QUEUED = "要確認の一覧に追加できませんでした（確認データベースに接続できません）"


@dataclass(frozen=True)
class Job:
    id: str
    owner: str
    filename: str
    format: StreamFormat
    columns: list[str]
    detected: int | None  # index of the column that looks like the reason, if any
    status: str = "uploaded"  # uploaded, queued, running, done, failed
    rows: int = 0
    fraction: float | None = None
    flagged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""
    notice: str = ""
    worker: int = 0  # the process that labels it
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)

    @property
    def output_name(self) -> str:
        return labelled_name(self.filename, f".{self.format}")


def upload_name(filename: str) -> str:
    """The file name without folders, shortened but keeping its extension."""
    name = PurePath(filename.replace("\\", "/") or "form.csv").name or "form.csv"
    stem, suffix = os.path.splitext(name)
    return stem[: MAX_NAME_CHARS - len(suffix[:10])] + suffix[:10]


def _interrupted(job: Job) -> bool:
    """A queued or running job whose process is gone, or a running one gone silent."""
    try:
        os.kill(job.worker, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        pass
    return job.status == "running" and time.time() - job.updated > STALE_SECONDS


class FileJobs:
    def __init__(self, root: Path, max_bytes: int):
        self.root = root
        self.max_bytes = max_bytes
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="henno-label")
        self._closed = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep_regularly, name="henno-sweep",
                                         daemon=True)

    def open(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.sweep()
        self._sweeper.start()

    def folder(self, job_id: str) -> Path:
        return self.root / job_id

    def input(self, job_id: str, fmt: str) -> Path:
        return self.folder(job_id) / f"input.{fmt}"

    def output(self, job: Job) -> Path:
        return self.folder(job.id) / f"output.{job.format}"

    def report(self, job: Job) -> Path:
        return self.folder(job.id) / "report" / "report.html"

    def create(self, owner: str, filename: str, upload: BinaryIO) -> Job:
        """Store an upload and read its header; a file that cannot be read is refused."""
        name = upload_name(filename)
        fmt = format_of(Path(name))
        job_id = secrets.token_urlsafe(16)
        folder = self.folder(job_id)
        folder.mkdir(parents=True, mode=0o700)
        try:
            source_path = self.input(job_id, fmt)
            self._copy_bounded(upload, source_path)
            source = open_source(source_path, fmt)
            source.close()
            try:
                detected: int | None = find_text_column(source.columns)
            except FormFileError:
                detected = None
            job = Job(job_id, owner, name, fmt, source.columns, detected)
            self.save(job)
            return job
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def _copy_bounded(self, upload: BinaryIO, path: Path) -> None:
        written = 0
        with open(path, "wb") as handle:
            while chunk := upload.read(_COPY_BYTES):
                written += len(chunk)
                if written > self.max_bytes:
                    raise FormFileError(f"the file is larger than {self.max_bytes} bytes",
                                        code="too_large")
                handle.write(chunk)

    def save(self, job: Job) -> None:
        write_json(self.folder(job.id) / "status.json", asdict(replace(job, updated=time.time())))

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it exists, has not expired and belongs to this session."""
        if not job_id.replace("-", "").replace("_", "").isalnum():
            return None
        try:
            job = Job(**json.loads((self.folder(job_id) / "status.json").read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if job.owner != owner or time.time() - job.created > JOB_TTL_SECONDS:
            return None
        if job.status in ACTIVE and _interrupted(job):
            return replace(job, status="failed", error=INTERRUPTED)
        return job

    def start(self, job: Job, text_index: int, group_by: list[str],
              classifier: Classifier, store: ReviewStore | None) -> bool:
        """Queue the labelling; False when this job was already started (a double click)."""
        try:  # the marker's exclusive creation is the one atomic "start" across processes
            os.close(os.open(self.folder(job.id) / "started", os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            return False
        job = replace(job, status="queued", worker=os.getpid())
        self.save(job)
        options = LabelOptions(text_column_index=text_index, group_by=group_by)
        self._runner.submit(self._run, job, options, classifier, store)
        return True

    def _run(self, job: Job, options: LabelOptions, classifier: Classifier,
             store: ReviewStore | None) -> None:
        job = replace(job, status="running")
        self.save(job)
        flagged: list[NewItem] = []

        def progress(rows: int, fraction: float | None) -> None:
            self.save(replace(job, rows=rows, fraction=fraction))

        def to_review(first_row: int, cells: list[Any], added: list[list[Any]]) -> None:
            flagged.extend(flagged_items(job.filename, first_row, cells, added))

        try:
            tally = label_file(self.input(job.id, job.format),
                               self.output(job), classifier, options, show_progress=False,
                               on_chunk=to_review, on_progress=progress)
            write_report(tally, classifier.metadata, self.report(job).parent)
            counts = dict(zip(LABELS, tally.counts(), strict=True))
            job = replace(job, rows=tally.rows, fraction=1.0, flagged=len(flagged),
                          counts=counts)
            # Queued only once the file is labelled whole: a failed job leaves no items.
            try:
                if store is not None:
                    store.add_items(flagged)
            except HennoError as exc:  # the labelled file is still good: offer it
                logger.error("flagged rows not queued", extra={"error_code": exc.code})
                job = replace(job, notice=NOT_QUEUED)
            self.save(replace(job, status="done"))
        except HennoError as exc:
            self.save(replace(job, status="failed", error=file_error_message(exc)))
        except Exception as exc:  # the page must say it failed, whatever the reason
            logger.error("labelling job failed", extra={"error_type": type(exc).__name__})
            self.save(replace(job, status="failed", error="内部エラーでラベル付けできませんでした"))

    def delete(self, job: Job) -> None:
        shutil.rmtree(self.folder(job.id), ignore_errors=True)

    def sweep(self) -> None:
        """Delete expired jobs (their files hold residents' reasons)."""
        with contextlib.suppress(FileNotFoundError):
            for folder in list(self.root.iterdir()):
                try:
                    created = json.loads((folder / "status.json").read_text("utf-8"))["created"]
                except (OSError, ValueError, KeyError):
                    try:
                        created = folder.stat().st_mtime
                    except FileNotFoundError:  # deleted meanwhile by a clerk or a worker
                        continue
                if time.time() - created > JOB_TTL_SECONDS:
                    shutil.rmtree(folder, ignore_errors=True)

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
