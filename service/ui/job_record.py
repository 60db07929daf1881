"""What the page keeps about one file job (status.json in its folder), and its statuses."""

import os
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

from henno.forms.streams import StreamFormat
from henno.labelling.job import labelled_name
from henno.model.errors import HennoError

MAX_NAME_CHARS = 120


class JobStatus(StrEnum):
    UPLOADED = "uploaded"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class TooManyRows(HennoError):
    """A job beyond the per-job row limit (one huge file must not hold a thread for long)."""

    code = "too_many_rows"

    def __init__(self, limit: int):
        super().__init__(f"the file has more than {limit} rows")
        self.limit = limit


@dataclass(frozen=True)
class Job:
    id: str
    owner: str
    filename: str
    format: StreamFormat
    columns: list[str]
    detected: int | None  # index of the column that looks like the reason, if any
    file_hash: str = ""  # sha256 of the upload: its review items are found by it
    id_detected: int | None = None  # the column that looks like a form number (受付番号)
    text_column: int | None = None  # as chosen at start
    id_column: int | None = None
    group_by: list[str] = field(default_factory=list)  # headers tallied by, as chosen at start
    header_row: int | None = None  # as the clerk picked it (as Excel shows it); None: found
    header_number: int = 1  # where the header is, found or picked
    row_counts: dict[str, int] = field(default_factory=dict)  # henno.labelling.counts, in Japanese
    status: JobStatus = JobStatus.UPLOADED
    rows: int = 0
    fraction: float | None = None
    flagged: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""
    notice: str = ""
    worker: int = 0  # the process that labels it
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)

    def __post_init__(self) -> None:  # read back from JSON as a plain string
        object.__setattr__(self, "status", JobStatus(self.status))

    @property
    def output_name(self) -> str:
        return labelled_name(self.filename, f".{self.format}")

    @property
    def reviewed_name(self) -> str:
        return labelled_name(self.filename, f".{self.format}").replace(
            "_labelled.", "_labelled_reviewed.")


def upload_name(filename: str) -> str:
    """The file name without folders, shortened but keeping its extension."""
    name = PurePath(filename.replace("\\", "/") or "form.csv").name or "form.csv"
    stem, suffix = os.path.splitext(name)
    return stem[: MAX_NAME_CHARS - len(suffix[:10])] + suffix[:10]
