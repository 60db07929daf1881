"""The bodies of /v1/jobs: a file job as programs see it (the page's file jobs, henno.work)."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

from henno.service.schemas import ErrorBody
from henno.service.ui.jobs import Job

JobStatusOut = Literal["uploaded", "queued", "running", "done", "failed"]
_EXAMPLE_ID = "Xq3v9kL2mN8pR4tY6wZ1aB"
# Why a job failed, in fixed sentences: the work item keeps a code, never the reader's message
# (it may quote the file).
_FAILURES = {
    "interrupted": "the job was interrupted (e.g. a server restart); send the file again",
    "internal": "internal error; the file was not labelled",
    "no_model": "no model was loaded when the job ran; try again later",
    "files_gone": "the job's files are gone; send the file again",
    "too_many_rows": "the file has more rows than one job may label; split it into smaller files",
    "too_many_columns": "the file has too many columns",
    "storage_full": "the server's storage is full; try again later",
}
_UNREADABLE = "the file could not be read; check its format and contents"


class JobCreated(BaseModel):
    id: str = Field(examples=[_EXAMPLE_ID])
    status: JobStatusOut = Field(examples=["queued"])
    status_url: str = Field(description="Poll it (GET) until `status` is done or failed.",
                            examples=[f"/v1/jobs/{_EXAMPLE_ID}"])
    download_url: str = Field(description="The labelled file (GET) once `status` is done.",
                              examples=[f"/v1/jobs/{_EXAMPLE_ID}/file"])


class JobOut(BaseModel):
    id: str = Field(examples=[_EXAMPLE_ID])
    status: JobStatusOut = Field(
        description="uploaded (waiting for its columns on the page), queued, running, done "
                    "or failed.", examples=["running"])
    rows_done: int = Field(description="Rows labelled so far; all of them once done.",
                           examples=[2000])
    fraction: float | None = Field(
        description="Share of the file read, 0 to 1 (1 once done); null when unknown.",
        examples=[0.4])
    error: ErrorBody | None = Field(description="Why it failed; null unless failed.")
    file_name: str = Field(description="The uploaded file's name.", examples=["forms.xlsx"])
    created_at: datetime = Field(description="When it was uploaded (UTC); jobs are deleted "
                                             "2 hours later.")


class JobList(BaseModel):
    jobs: list[JobOut] = Field(description="The caller's jobs, newest first.")


def job_out(job: Job) -> JobOut:
    code = job.error_code
    error = None if code is None else ErrorBody(code=code,
                                                message=_FAILURES.get(code, _UNREADABLE))
    return JobOut(id=job.id, status=job.status.value, rows_done=job.rows,
                  fraction=job.fraction, error=error, file_name=job.filename,
                  created_at=datetime.fromtimestamp(job.created, UTC))


def job_created(job: Job, status: JobStatusOut) -> JobCreated:
    return JobCreated(id=job.id, status=status, status_url=f"/v1/jobs/{job.id}",
                      download_url=f"/v1/jobs/{job.id}/file")
