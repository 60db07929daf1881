"""ファイルを判定: upload a form file, check its header row and choose its columns, follow
progress, list the clerk's files (the results are in job_downloads)."""

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse, Response

from henno.model.errors import FormFileError
from henno.service.scratch import StorageFull
from henno.service.ui.file_messages import STORAGE_FULL, file_error_message
from henno.service.ui.job_downloads import FULL, owned_job
from henno.service.ui.job_header import shown_preview
from henno.service.ui.job_list import job_rows
from henno.service.ui.job_views import (
    column_index,
    columns,
    report_files,
    review_progress,
    row_number,
)
from henno.service.ui.jobs import Job, JobStatus
from henno.service.ui.pages import Page, PageDep, PageError

router = APIRouter(prefix="/files", include_in_schema=False)


def _job_page(page: Page, job: Job, status: int = 200, message: str = "") -> Response:
    texts = columns(job, job.detected)
    progress = review_progress(page.ui.store, [job]) if job.status == JobStatus.DONE else None
    pending, decided = (progress or {}).get(job.file_hash, (None, 0))
    shown = (shown_preview(page.ui.jobs.input(job.id, job.format), job, page.ui.jobs.limits)
             if job.status == JobStatus.UPLOADED else None)
    return page.render("file_job.html", status=status, tab="files", job=job, columns=texts,
                       id_columns=columns(job, job.id_detected),
                       unlisted=len(job.columns) - len(texts), preview=shown,
                       review_pending=pending, review_decided=decided, message=message,
                       report_files=report_files(page.ui.jobs.report(job).parent))


def _files_page(page: Page, status: int = 200, message: str = "", notice: str = "",
                ) -> Response:
    jobs = page.ui.jobs.owned(page.principal.actor)
    rows = job_rows(jobs, review_progress(page.ui.store, jobs))
    return page.render("files.html", status=status, tab="files", job_rows=rows, message=message,
                       notice=notice)


@router.get("")
def upload_form(page: PageDep, deleted: str = "") -> Response:
    return _files_page(page, notice="ファイルを削除しました" if deleted else "")


@router.post("")
def upload(page: PageDep, file: Annotated[UploadFile | None, File()] = None,
           csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    if file is None:
        return _files_page(page, 422, "ファイルを選んでください")
    try:
        job = page.ui.jobs.create(page.principal.actor, file.filename or "", file.file)
    except FormFileError as exc:
        status = 413 if exc.code == "too_large" else 422
        return _files_page(page, status, f"このファイルは読めません: {file_error_message(exc)}")
    except StorageFull:
        return _files_page(page, FULL, STORAGE_FULL)
    return page.redirect(f"/files/{job.id}")


@router.get("/{job_id}")
def job_page(page: PageDep, job_id: str) -> Response:
    return _job_page(page, owned_job(page, job_id))


@router.get("/{job_id}/status")
def job_status(page: PageDep, job_id: str) -> Response:
    job = owned_job(page, job_id)
    return page.finish(JSONResponse({"status": job.status, "rows": job.rows,
                                     "fraction": job.fraction}))


@router.post("/{job_id}/header")
def header(page: PageDep, job_id: str, header_row: Annotated[str, Form()] = "",
           csrf: Annotated[str, Form()] = "") -> Response:
    """Another row of the preview as the header: its columns are listed again."""
    page.check_csrf(csrf)
    job = owned_job(page, job_id)
    if job.status != JobStatus.UPLOADED:
        return page.redirect(f"/files/{job.id}")
    if job.format == "jsonl":
        return _job_page(page, job, 422, "JSON Lines のファイルには見出しの行がありません")
    row = row_number(header_row)
    if row is None:
        return _job_page(page, job, 422, "見出しの行を選んでください")
    try:
        job = page.ui.jobs.choose_header(job, row)
    except FormFileError as exc:
        return _job_page(page, job, 422, file_error_message(exc))
    except StorageFull:
        return _job_page(page, job, FULL, STORAGE_FULL)
    return page.redirect(f"/files/{job.id}")


@router.post("/{job_id}/start")
def start(page: PageDep, job_id: str, text_column: Annotated[str, Form()] = "",
          group_by: Annotated[list[str] | None, Form()] = None,
          id_column: Annotated[str, Form()] = "",
          csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    job = owned_job(page, job_id)
    if job.status != JobStatus.UPLOADED:
        return page.redirect(f"/files/{job.id}")
    text = column_index(job, text_column)
    groups = [column_index(job, number) for number in group_by or [] if number != text_column]
    record = column_index(job, id_column) if id_column else None
    if text is None or None in groups or (id_column and record is None):
        return _job_page(page, job, 422, "理由の列を選んでください")
    if page.ui.holder.classifier is None:
        raise PageError(503, "モデルが読み込まれていません。管理者に連絡してください")
    # Queued in the database: a worker of any replica labels it (henno.work).
    page.ui.jobs.start(job, text, [g for g in groups if g is not None], record)
    return page.redirect(f"/files/{job.id}")



@router.post("/{job_id}/delete")
def delete(page: PageDep, job_id: str, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    page.ui.jobs.delete(owned_job(page, job_id))
    return page.redirect("/files?deleted=1")
