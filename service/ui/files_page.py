"""ファイルを判定: upload a form file, choose its columns, follow progress, download the
labelled file and read the tally report."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response

from forms.columns import shown_name
from forms.streams import MEDIA_TYPES
from model.errors import FormFileError
from service.scratch import StorageFull
from service.ui.file_messages import STORAGE_FULL, file_error_message
from service.ui.jobs import Job, JobStatus
from service.ui.pages import Page, PageDep, PageError

router = APIRouter(prefix="/files", include_in_schema=False)
# The report is henno's own self-contained HTML: inline styles and embedded charts, no script.
# A file may have a thousand columns: the picker lists the first ones (and the detected one).
MAX_LISTED_COLUMNS = 200
# 507 Insufficient Storage: the server cannot store what the request needs, for now.
FULL = 507
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'none'; base-uri 'none'")


def _job(page: Page, job_id: str) -> Job:
    job = page.ui.jobs.get(job_id, page.session.sid)
    if job is None:
        raise PageError(404, "このファイルは見つかりません（2 時間で削除されます）")
    return job


def _columns(job: Job) -> list[tuple[str, str, bool]]:
    """(number, "number: name" as shown, is the detected text column) for the columns listed.
    Numbers, not names, go into the form: headers may repeat, and a file without a header row
    has a resident's reason in its "header" (shown_name hides that)."""
    return [(str(number), f"{number}: {shown_name(number, name) or '（見出しなし）'}",
             number - 1 == job.detected) for number, name in enumerate(job.columns, 1)
            if number <= MAX_LISTED_COLUMNS or number - 1 == job.detected]


def _job_page(page: Page, job: Job, status: int = 200, message: str = "") -> Response:
    listed = _columns(job)
    return page.render("file_job.html", status=status, tab="files", job=job, columns=listed,
                       unlisted=len(job.columns) - len(listed), message=message)


def _column_index(job: Job, number: str) -> int | None:
    if not number.isdigit() or not 1 <= int(number) <= len(job.columns):
        return None
    return int(number) - 1


@router.get("")
def upload_form(page: PageDep) -> Response:
    return page.render("files.html", tab="files")


@router.post("")
def upload(page: PageDep, file: Annotated[UploadFile | None, File()] = None,
           csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    if file is None:
        return page.render("files.html", status=422, tab="files",
                           message="ファイルを選んでください")
    try:
        job = page.ui.jobs.create(page.session.sid, file.filename or "", file.file)
    except FormFileError as exc:
        status = 413 if exc.code == "too_large" else 422
        return page.render("files.html", status=status, tab="files",
                           message=f"このファイルは読めません: {file_error_message(exc)}")
    except StorageFull:
        return page.render("files.html", status=FULL, tab="files", message=STORAGE_FULL)
    return page.redirect(f"/files/{job.id}")


@router.get("/{job_id}")
def job_page(page: PageDep, job_id: str) -> Response:
    return _job_page(page, _job(page, job_id))


@router.get("/{job_id}/status")
def job_status(page: PageDep, job_id: str) -> Response:
    job = _job(page, job_id)
    return page.finish(JSONResponse({"status": job.status, "rows": job.rows,
                                     "fraction": job.fraction}))


@router.post("/{job_id}/start")
def start(page: PageDep, job_id: str, text_column: Annotated[str, Form()] = "",
          group_by: Annotated[list[str] | None, Form()] = None,
          csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    job = _job(page, job_id)
    if job.status != JobStatus.UPLOADED:
        return page.redirect(f"/files/{job.id}")
    text = _column_index(job, text_column)
    groups = [_column_index(job, number) for number in group_by or [] if number != text_column]
    if text is None or None in groups:
        return _job_page(page, job, 422, "理由の列を選んでください")
    classifier = page.ui.holder.classifier
    if classifier is None:
        raise PageError(503, "モデルが読み込まれていません。管理者に連絡してください")
    names = [job.columns[g] for g in groups if g is not None]
    try:
        page.ui.jobs.start(job, text, names, classifier, page.ui.store)
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


@router.get("/{job_id}/report")
def report(page: PageDep, job_id: str) -> Response:
    job = _done(page, job_id)
    response = FileResponse(page.ui.jobs.report(job), media_type="text/html")
    response.headers["content-security-policy"] = REPORT_CSP
    return page.finish(response)


@router.post("/{job_id}/delete")
def delete(page: PageDep, job_id: str, csrf: Annotated[str, Form()] = "") -> Response:
    page.check_csrf(csrf)
    page.ui.jobs.delete(_job(page, job_id))
    return page.redirect("/files")
