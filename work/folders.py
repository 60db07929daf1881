"""The files of file jobs: one private folder per job in HENNO_FILES_DIR (storage that
several servers may share), holding the upload, what was read of it (meta.json: its name
and header, which may be a resident's data, so never in the database), the labelled file
and the report. Whatever is written goes under a temporary name first: no reader on any
host ever sees half a file."""

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, BinaryIO

from henno.model.errors import FormFileError
from henno.service.scratch import PRIVATE_FILE, private_dir
from henno.settings import Settings

META = "meta.json"
PARTIAL = ".partial-"  # the prefix of every file or folder still being written
_COPY_BYTES = 2**20


def files_dir(settings: Settings) -> Path:
    """HENNO_FILES_DIR, or files/ in the state folder."""
    return settings.files_dir or settings.state_dir / "files"


class JobFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, job_id: str) -> Path:
        return self.root / job_id

    def input(self, job_id: str, fmt: str) -> Path:
        return self.folder(job_id) / f"input.{fmt}"

    def output_file(self, job_id: str, fmt: str) -> Path:
        return self.folder(job_id) / f"output.{fmt}"

    def report_dir(self, job_id: str) -> Path:
        return self.folder(job_id) / "report"

    def new_folder(self, job_id: str) -> Path:
        private_dir(self.root)
        folder = self.folder(job_id)
        folder.mkdir(mode=0o700)
        return folder

    def partial(self, job_id: str, suffix: str = "") -> Path:
        """A new name in the job's folder for something being written."""
        return self.folder(job_id) / f"{PARTIAL}{os.urandom(8).hex()}{suffix}"

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

    def write_meta(self, job_id: str, meta: dict[str, Any]) -> None:
        write_json(self.folder(job_id) / META, meta)

    def read_meta(self, job_id: str) -> dict[str, Any] | None:
        try:
            found = json.loads((self.folder(job_id) / META).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) else None

    def remove(self, job_id: str) -> None:
        shutil.rmtree(self.folder(job_id), ignore_errors=True)

    def remove_partials(self, job_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            for entry in self.folder(job_id).glob(f"{PARTIAL}*"):
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)

    def sweep_folders(self, keep: set[str], older_than: float) -> None:
        """Remove folders of no kept job, last changed more than `older_than` seconds ago
        (a job deleted while a worker wrote into it; a crash between folder and row)."""
        with contextlib.suppress(FileNotFoundError):
            for folder in list(self.root.iterdir()):
                try:
                    stale = time.time() - folder.stat().st_mtime > older_than
                except FileNotFoundError:  # removed meanwhile by another worker
                    continue
                if folder.name not in keep and stale:
                    shutil.rmtree(folder, ignore_errors=True)


def write_json(path: Path, data: dict[str, Any]) -> None:
    """`data` in `path`, written whole under a private name and renamed."""
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=PARTIAL)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise
