"""Form files uploaded through the web page: stored briefly, labelled in the background.

Each job is a private folder (mode 0700) under <state_dir>/jobs holding the upload, the
labelled file, the report and status.json, so any worker process can show its progress and
serve its results. Jobs are deleted after JOB_TTL: the files hold residents' reasons.
"""

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
from forms.streams import format_of, open_source
from labelling.job import LabelOptions, label_file
from labelling.report import write_report
from model.classifier import Classifier
from model.errors import FormFileError, HennoError
from model.labels import LABELS
from review.store import NewItem, ReviewStore

logger = logging.getLogger(__name__)
JOB_TTL_SECONDS = 2 * 3600
_COPY_BYTES = 2**20
_SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "jsonl": ".jsonl"}


@dataclass(frozen=True)
class Job:
    id: str
    owner: str
    filename: str
    format: str
    columns: list[str]
    text_column: str | None
    status: str = "uploaded"  # uploaded, running, done, failed
    rows: int = 0
    fraction: float | None = None
    flagged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""
    created: float = field(default_factory=time.time)

    @property
    def output_name(self) -> str:
        return f"{PurePath(self.filename).stem or 'form'}_labelled{_SUFFIXES[self.format]}"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


class FileJobs:
    def __init__(self, root: Path, max_bytes: int):
        self.root = root
        self.max_bytes = max_bytes
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="henno-label")
        self._lock = threading.Lock()

    def folder(self, job_id: str) -> Path:
        return self.root / job_id

    def create(self, owner: str, filename: str, upload: BinaryIO) -> Job:
        """Store an upload and read its header; a file that cannot be read is refused."""
        self.sweep()
        name = PurePath(filename or "form.csv").name[:200]
        fmt = format_of(Path(name))
        job_id = secrets.token_urlsafe(16)
        folder = self.folder(job_id)
        folder.mkdir(parents=True, mode=0o700)
        try:
            source_path = folder / f"input{_SUFFIXES[fmt]}"
            self._copy_bounded(upload, source_path)
            source = open_source(source_path, fmt)
            source.close()
            try:
                detected: str | None = source.columns[find_text_column(source.columns)]
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
        _write_json(self.folder(job.id) / "status.json", asdict(job))

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it exists, has not expired and belongs to this session."""
        if not job_id.replace("-", "").replace("_", "").isalnum():
            return None
        try:
            job = Job(**json.loads((self.folder(job_id) / "status.json").read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        return job if job.owner == owner and not self._expired(job) else None

    @staticmethod
    def _expired(job: Job) -> bool:
        return time.time() - job.created > JOB_TTL_SECONDS

    def start(self, job: Job, text_column: str, group_by: list[str],
              classifier: Classifier, store: ReviewStore | None) -> Job:
        job = replace(job, status="running", text_column=text_column)
        self.save(job)
        self._runner.submit(self._run, job, LabelOptions(text_column=text_column,
                                                         group_by=group_by), classifier, store)
        return job

    def _run(self, job: Job, options: LabelOptions, classifier: Classifier,
             store: ReviewStore | None) -> None:
        folder = self.folder(job.id)
        flagged = 0

        def progress(rows: int, fraction: float | None) -> None:
            self.save(replace(job, rows=rows, fraction=fraction, flagged=flagged))

        def to_review(first_row: int, cells: list[Any], added: list[list[Any]]) -> None:
            nonlocal flagged
            items = [NewItem(str(cell), row[0], dict(zip(LABELS, row[4:9], strict=True)),
                             job.filename, first_row + i)
                     for i, (cell, row) in enumerate(zip(cells, added, strict=True))
                     if row[3] is True and row[0]]
            if items and store is not None:
                store.add_items(items)
            flagged += len(items)

        try:
            tally = label_file(folder / f"input{_SUFFIXES[job.format]}", self.output(job),
                               classifier, options, show_progress=False, on_chunk=to_review,
                               on_progress=progress)
            write_report(tally, classifier.metadata, folder / "report")
            counts = dict(zip(LABELS, tally.counts(), strict=True))
            self.save(replace(job, status="done", rows=tally.rows, fraction=1.0,
                              flagged=flagged, counts=counts))
        except HennoError as exc:
            self.save(replace(job, status="failed", error=str(exc)))
        except Exception as exc:  # the page must say it failed, whatever the reason
            logger.error("labelling job failed", extra={"error_type": type(exc).__name__})
            self.save(replace(job, status="failed", error="内部エラーでラベル付けできませんでした"))

    def output(self, job: Job) -> Path:
        return self.folder(job.id) / f"output{_SUFFIXES[job.format]}"

    def report(self, job: Job) -> Path:
        return self.folder(job.id) / "report" / "report.html"

    def delete(self, job: Job) -> None:
        shutil.rmtree(self.folder(job.id), ignore_errors=True)

    def sweep(self) -> None:
        """Delete expired jobs (their files hold residents' reasons)."""
        if not self.root.is_dir():
            return
        with self._lock:
            for folder in self.root.iterdir():
                try:
                    created = json.loads((folder / "status.json").read_text("utf-8"))["created"]
                except (OSError, ValueError, KeyError):
                    created = folder.stat().st_mtime
                if time.time() - created > JOB_TTL_SECONDS:
                    shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        self._runner.shutdown(wait=False, cancel_futures=True)
