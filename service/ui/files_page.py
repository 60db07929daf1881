"""ファイルを判定: upload a form file, choose its columns, follow progress, download the
labelled file and read the tally report."""

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.background import BackgroundTask

from forms.streams import MEDIA_TYPES
from model.errors import FormFileError
from review.apply import apply_reviews
from service.scratch import StorageFull, full_is_storage_full
from service.ui.file_messages import STORAGE_FULL, file_error_message
from service.ui.job_header import shown_preview
from service.ui.job_list import job_rows
from service.ui.job_views import (
    SUMMARY_FILES,
    column_index,
    columns,
    report_files,
    review_progress,
    row_number,
)
from service.ui.jobs import Job, JobStatus
from service.ui.pages import Page, PageDep, PageError

router = APIRouter(prefix="/files", include_in_schema=False)
# 507 Insufficient Storage: the server cannot store what the request needs, for now.
FULL = 507
# The report is henno's own self-contained HTML: inline styles and embedded charts, no script.
SUMMARY_MEDIA = {"csv": MEDIA_TYPES["csv"], "xlsx": MEDIA_TYPES["xlsx"]}
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'none'; base-uri 'none'")


def _job(page: Page, job_id: str) -> Job:
    job = page.ui.jobs.get(job_id, page.session.sid)
    if job is None:
        raise PageError(404, "このファイルは見つかりません（2 時間で削除されます）")
    return job


def _job_page(page: Page, job: Job, status: int = 200, message: str = "") -> Response:
    texts = columns(job, job.detected)
    progress = review_progress(page.ui.store, [job]) if job.status == JobStatus.DONE else None
    pending, decided = (progress or {}).get(job.file_hash, (None, 0))
    shown = (shown_preview(page.ui.jobs.input(job.id, job.format), job)
             if job.status == JobStatus.UPLOADED else None)
    return page.render("file_job.html", status=status, tab="files", job=job, columns=texts,
                       id_columns=columns(job, job.id_detected),
                       unlisted=len(job.columns) - len(texts), preview=shown,
                       review_pending=pending, review_decided=decided, message=message,
                       report_files=report_files(page.ui.jobs.report(job).parent))


def _files_page(page: Page, status: int = 200, message: str = "", notice: str = "",
                ) -> Response:
    jobs = page.ui.jobs.owned(page.session.sid)
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
        job = page.ui.jobs.create(page.session.sid, file.filename or "", file.file)
    except FormFileError as exc:
        status = 413 if exc.code == "too_large" else 422
        return _files_page(page, status, f"このファイルは読めません: {file_error_message(exc)}")
    except StorageFull:
        return _files_page(page, FULL, STORAGE_FULL)
    return page.redirect(f"/files/{job.id}")


@router.get("/{job_id}")
def job_page(page: PageDep, job_id: str) -> Response:
    return _job_page(page, _job(page, job_id))


@router.get("/{job_id}/status")
def job_status(page: PageDep, job_id: str) -> Response:
    job = _job(page, job_id)
    return page.finish(JSONResponse({"status": job.status, "rows": job.rows,
                                     "fraction": job.fraction}))


@router.post("/{job_id}/header")
def header(page: PageDep, job_id: str, header_row: Annotated[str, Form()] = "",
           csrf: Annotated[str, Form()] = "") -> Response:
    """Another row of the preview as the header: its columns are listed again."""
    page.check_csrf(csrf)
    job = _job(page, job_id)
    if job.status != JobStatus.UPLOADED:
        return page.redirect(f"/files/{job.id}")
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
    job = _job(page, job_id)
    if job.status != JobStatus.UPLOADED:
        return page.redirect(f"/files/{job.id}")
    text = column_index(job, text_column)
    groups = [column_index(job, number) for number in group_by or [] if number != text_column]
    record = column_index(job, id_column) if id_column else None
    if text is None or None in groups or (id_column and record is None):
        return _job_page(page, job, 422, "理由の列を選んでください")
    classifier = page.ui.holder.classifier
    if classifier is None:
        raise PageError(503, "モデルが読み込まれていません。管理者に連絡してください")
    names = [job.columns[g] for g in groups if g is not None]
    try:
        page.ui.jobs.start(job, text, names, classifier, page.ui.store, record)
    except StorageFull:
        return _job_page(page, job, FULL, STORAGE_FULL)
    return page.redirect(f"/files/{job.id}")


def _done(page: Page, job_id: str) -> Job:
    job = _job(page, job_id)
    if job.status != JobStatus.DONE:
        raise PageError(409, "ラベル付けがまだ終わっていません")
    return job


@router.get("/{job_id}/download")
def download(page: PageDep, job_id: str) -> Response:
    job = _done(page, job_id)
    media = MEDIA_TYPES[job.format]
    return page.finish(FileResponse(page.ui.jobs.output(job), media_type=media, headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote(job.output_name)}"}))


@router.get("/{job_id}/reviewed")
def reviewed(page: PageDep, job_id: str) -> Response:
    """The labelled file with the clerks' decisions applied and a 確認者 column."""
    job = _done(page, job_id)
    decided = page.store().decisions(job.file_hash)
    copy = page.ui.jobs.folder(job.id) / f".reviewed-{secrets.token_hex(8)}.{job.format}"
    try:
        with full_is_storage_full():
            apply_reviews(page.ui.jobs.output(job), copy,
                          lambda keys: {key: decided[key] for key in keys if key in decided},
                          job.text_column)
    except StorageFull:
        raise PageError(FULL, STORAGE_FULL) from None
    # Made per request (decisions go on) and deleted once sent.
    return page.finish(FileResponse(copy, media_type=MEDIA_TYPES[job.format], headers={
        "content-disposition": f"attachment; filename*=UTF-8''{quote(job.reviewed_name)}"},
        background=BackgroundTask(copy.unlink, missing_ok=True)))


@router.get("/{job_id}/report")
def report(page: PageDep, job_id: str) -> Response:
    job = _done(page, job_id)
    response = FileResponse(page.ui.jobs.report(job), media_type="text/html")
    response.headers["content-security-policy"] = REPORT_CSP
    return page.finish(response)


@router.get("/{job_id}/report/{name}")
def report_table(page: PageDep, job_id: str, name: str) -> Response:
    """summary.xlsx or summary.csv: the report's tables, to paste into another workbook."""
    job = _done(page, job_id)
    path = page.ui.jobs.report(job).parent / name
    if name not in SUMMARY_FILES or not path.is_file():
        raise PageError(404, "このファイルは見つかりません（2 時間で削除されます）")
    stem = job.filename.rsplit(".", 1)[0]
    shown = name.replace("summary", f"{stem}_集計")
    return page.finish(FileResponse(path, media_type=SUMMARY_MEDIA[name.rsplit(".", 1)[1]],
                                    headers={"content-disposition":
                                             f"attachment; filename*=UTF-8''{quote(shown)}"}))


@router.post("/{job_id}/delete")
def delete(page: PageDep, job_id: str, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    page.ui.jobs.delete(_job(page, job_id))
    return page.redirect("/files?deleted=1")
