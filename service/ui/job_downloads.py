"""What a finished file job offers: the labelled file, the same with the clerks' reviews
applied, the report (as labelled, or with the reviews) and the report's tables."""

import secrets
import shutil
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from henno.audit import AuditAction
from henno.forms.streams import MEDIA_TYPES
from henno.labelling.labelled_files import ReadOptions, read_labelled_files
from henno.labelling.report import summary_download_name, write_report
from henno.model.errors import HennoError
from henno.review.apply import apply_reviews
from henno.service.audited import Outcome, file_object
from henno.service.scratch import StorageFull, full_is_storage_full, private_dir
from henno.service.ui.file_messages import STORAGE_FULL, file_error_message
from henno.service.ui.job_views import SUMMARY_FILES
from henno.service.ui.jobs import FileJobs, Job, JobStatus
from henno.service.ui.page_audit import audit
from henno.service.ui.pages import Page, PageDep, PageError

router = APIRouter(prefix="/files", include_in_schema=False)
# 507 Insufficient Storage: the server cannot store what the request needs, for now.
FULL = 507
# The report is henno's own self-contained HTML: inline styles and embedded charts, no script.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'none'; base-uri 'none'")
SUMMARY_MEDIA = {"csv": MEDIA_TYPES["csv"], "xlsx": MEDIA_TYPES["xlsx"]}
GONE = "このファイルは見つかりません（2 時間で削除されます）"


def owned_job(page: Page, job_id: str) -> Job:
    job = page.ui.jobs.get(job_id, page.principal.actor)
    if job is None:
        raise PageError(404, GONE)
    return job


def done_job(page: Page, job_id: str) -> Job:
    job = owned_job(page, job_id)
    if job.status != JobStatus.DONE:
        raise PageError(409, "ラベル付けがまだ終わっていません")
    return job


def downloaded_job(page: Page, job_id: str, what: str) -> Job:
    """done_job, audited when it is handed out or refused: who took which file."""
    try:
        job = done_job(page, job_id)
    except PageError:
        audit(page, AuditAction.DOWNLOAD, Outcome.REFUSED, what=what, job_id=job_id[:64])
        raise
    audit(page, AuditAction.DOWNLOAD, file=file_object(job.filename)[:255], rows=job.rows,
          what=what, job_id=job.id)
    return job


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


def _apply_reviews(page: Page, job: Job, copy: Path) -> None:
    """Write `copy`: the labelled file with this file's decisions from 要確認."""
    decided = page.store().decisions(job.file_hash)
    apply_reviews(page.ui.jobs.output(job), copy,
                  lambda keys: {key: decided[key] for key in keys if key in decided},
                  job.text_column, job.header_row)


def labelled_file(jobs: FileJobs, job: Job) -> FileResponse:
    """The labelled file as the page and the API (/v1/jobs) hand it out."""
    return FileResponse(jobs.output(job), media_type=MEDIA_TYPES[job.format],
                        headers=_attachment(job.output_name))


@router.get("/{job_id}/download")
def download(page: PageDep, job_id: str) -> Response:
    job = downloaded_job(page, job_id, "labelled")
    return page.finish(labelled_file(page.ui.jobs, job))


@router.get("/{job_id}/reviewed")
def reviewed(page: PageDep, job_id: str) -> Response:
    """The labelled file with the clerks' decisions applied and a 確認者 column."""
    job = downloaded_job(page, job_id, "reviewed")
    copy = page.ui.jobs.folder(job.id) / f".reviewed-{secrets.token_hex(8)}.{job.format}"
    try:
        with full_is_storage_full():
            _apply_reviews(page, job, copy)
    except StorageFull:
        raise PageError(FULL, STORAGE_FULL) from None
    # Made per request (decisions go on) and deleted once sent.
    return page.finish(FileResponse(copy, media_type=MEDIA_TYPES[job.format],
                                    headers=_attachment(job.reviewed_name),
                                    background=BackgroundTask(copy.unlink, missing_ok=True)))


def _report_page(page: Page, body: Path | bytes) -> Response:
    response: Response = (HTMLResponse(body) if isinstance(body, bytes)
                          else FileResponse(body, media_type="text/html"))
    response.headers["content-security-policy"] = REPORT_CSP
    return page.finish(response)


@router.get("/{job_id}/report")
def report(page: PageDep, job_id: str) -> Response:
    return _report_page(page, page.ui.jobs.report(downloaded_job(page, job_id, "report")))


@router.get("/{job_id}/reviewed-report")
def reviewed_report(page: PageDep, job_id: str) -> Response:
    """The report of the file with the reviews applied: reviewed rows count as 確認済み."""
    job = downloaded_job(page, job_id, "reviewed_report")
    scratch = page.ui.jobs.folder(job.id) / f".reviewed-{secrets.token_hex(8)}"
    classifier = page.ui.holder.classifier
    try:
        with full_is_storage_full():
            private_dir(scratch)
            copy = scratch / f"reviewed.{job.format}"
            _apply_reviews(page, job, copy)
            html = write_report(read_labelled_files([copy], job.group_by,
                                                    ReadOptions(header_row=job.header_row)),
                                classifier.metadata if classifier else None, scratch / "report",
                                sources=[job.filename], app_link="/")
            body = html.read_bytes()
    except StorageFull:
        raise PageError(FULL, STORAGE_FULL) from None
    except HennoError as exc:  # e.g. the labelled file's header no longer found
        raise PageError(422, f"レポートを作れませんでした: {file_error_message(exc)}") from None
    finally:  # made per request (decisions go on)
        shutil.rmtree(scratch, ignore_errors=True)
    return _report_page(page, body)


@router.get("/{job_id}/report/{name}")
def report_table(page: PageDep, job_id: str, name: str) -> Response:
    """summary.xlsx or summary.csv: the report's tables, to paste into another workbook."""
    job = downloaded_job(page, job_id, name if name in SUMMARY_FILES else "report_table")
    path = page.ui.jobs.report(job).parent / name
    if name not in SUMMARY_FILES or not path.is_file():
        raise PageError(404, GONE)
    shown = summary_download_name(job.filename, name)  # the name the report tells the clerk
    return page.finish(FileResponse(path, media_type=SUMMARY_MEDIA[name.rsplit(".", 1)[1]],
                                    headers=_attachment(shown)))
