"""/v1/jobs: file jobs for programs — send a big file, poll, download, from any replica.

They are the page's file jobs (henno.service.ui.jobs.FileJobs over henno.work): the same
work item, owner and folder, so a clerk sees in the API the jobs started on the page and the
page lists those started here. /v1/label-file stays for small files, labelled in the request.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, Response

from henno.accounts import Principal
from henno.audit import AuditAction
from henno.forms.columns import find_text_column
from henno.forms.streams import MEDIA_TYPES
from henno.labelling.output_columns import ColumnSet
from henno.model.errors import FormFileError
from henno.service.audited import Outcome, file_object, record
from henno.service.deps import ClerkDep, ClerkOnly, ReadyDep, Service, ServiceDep
from henno.service.errors import ServiceError
from henno.service.job_schemas import JobCreated, JobList, JobOut, job_created, job_out
from henno.service.schemas import ERROR_RESPONSES, ErrorOut
from henno.service.scratch import StorageFull
from henno.service.ui.job_downloads import labelled_file
from henno.service.ui.jobs import FileJobs, Job, JobStatus
from henno.service.ui.state import UiState

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], dependencies=[ClerkOnly],
                   responses=ERROR_RESPONSES)
GONE = "no such job (jobs are deleted 2 hours after the upload)"
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {
    "model": ErrorOut, "description": "Another caller's, an expired or an unknown job "
                                      "(not_found)."}}


def file_jobs(request: Request) -> FileJobs:
    ui: UiState = request.app.state.ui
    if ui.work is None:
        raise ServiceError(503, "work_unavailable",
                           "file jobs need the database, which is not available")
    return ui.jobs


JobsDep = Annotated[FileJobs, Depends(file_jobs)]


def _owned(jobs: FileJobs, service: Service, user: Principal, job_id: str, what: str) -> Job:
    """The caller's job; another's, an expired or an unknown one is 404 alike (never 403: its
    existence is not revealed), and the attempt is audited."""
    job = jobs.get(job_id, user.actor)
    if job is None:
        record(service.access.audit, user.actor, AuditAction.DOWNLOAD, Outcome.REFUSED,
               what=what, job_id=job_id[:64])
        raise ServiceError(404, "not_found", GONE)
    return job


def _stored(jobs: FileJobs, user: Principal, file: UploadFile,
            header_row: int | None) -> Job:
    """The upload stored and its header read, refused as /v1/label-file refuses it."""
    try:
        return jobs.create(user.actor, file.filename or "", file.file, header_row)
    except FormFileError as exc:
        if exc.code == "too_large":
            raise ServiceError(413, "payload_too_large",
                               f"the file is larger than {jobs.max_bytes} bytes") from None
        raise
    except StorageFull:
        raise ServiceError(507, "storage_full",
                           "the server's storage is full; try again later") from None


@router.post("", status_code=202, summary="Queue a form file for labelling",
             responses={202: {"description": "Queued: poll `status_url`, then GET "
                                             "`download_url`."},
                        507: {"model": ErrorOut, "description": "The server's storage is "
                                                                "full (storage_full)."}})
def create_job(ready: ReadyDep, user: ClerkDep, jobs: JobsDep,
               file: Annotated[UploadFile, File(
                   description="CSV (UTF-8, BOM, CP932), .xlsx or JSON Lines")],
               text_column: Annotated[str | None, Form(
                   description="the reason column: its header, letter (E) or number (5); "
                               "default: found by its header")] = None,
               columns: Annotated[Literal["en", "ja"], Form(
                   description="the added columns, as for /v1/label-file")] = "en",
               header_row: Annotated[int | None, Form(
                   ge=1, description="the header row as Excel numbers it; default: found "
                                     "below any title and note rows")] = None) -> JobCreated:
    """Store the file, find its header and reason column as /v1/label-file does, and queue
    it for any worker of any replica; a file refused here leaves no job behind."""
    job = _stored(jobs, user, file, header_row)
    try:
        text = find_text_column(job.columns, text_column)
    except BaseException:
        jobs.delete(job)
        raise
    jobs.start(job, text, [], job.id_detected, ColumnSet(columns))
    return job_created(job, JobStatus.QUEUED.value)


@router.get("", summary="The caller's file jobs, newest first")
def list_jobs(user: ClerkDep, jobs: JobsDep) -> JobList:
    """Those of the caller only (the page's and the API's), kept 2 hours after the upload."""
    return JobList(jobs=[job_out(job) for job in jobs.owned(user.actor)])


@router.get("/{job_id}", summary="A file job's status and progress", responses=NOT_FOUND)
def job_status(user: ClerkDep, service: ServiceDep, jobs: JobsDep, job_id: str) -> JobOut:
    return job_out(_owned(jobs, service, user, job_id, "api_job_status"))


@router.get("/{job_id}/file", summary="The labelled file of a finished job",
            response_class=FileResponse,
            responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()},
                             "description": "The labelled file, as the page's download."},
                       409: {"model": ErrorOut, "description": "Not done yet (not_ready)."},
                       **NOT_FOUND})
def job_file(user: ClerkDep, service: ServiceDep, jobs: JobsDep, job_id: str) -> Response:
    job = _owned(jobs, service, user, job_id, "api_job")
    audit = service.access.audit
    if job.status != JobStatus.DONE:
        record(audit, user.actor, AuditAction.DOWNLOAD, Outcome.REFUSED, what="api_job",
               job_id=job.id)
        raise ServiceError(409, "not_ready", f"the job is {job.status.value}, not done")
    record(audit, user.actor, AuditAction.DOWNLOAD, file=file_object(job.filename)[:255],
           rows=job.rows, what="api_job", job_id=job.id)
    return labelled_file(jobs, job)


@router.delete("/{job_id}", status_code=204, response_class=Response,
               summary="Delete a file job and its files", responses=NOT_FOUND)
def delete_job(user: ClerkDep, service: ServiceDep, jobs: JobsDep, job_id: str) -> Response:
    """At once; a worker labelling it stops at its next chunk and removes what it wrote."""
    jobs.delete(_owned(jobs, service, user, job_id, "api_job_delete"))
    return Response(status_code=204)
