"""What the page shows of one file job: its work item (henno.work) read together with its
folder's meta.json, and the clerk's words for how it ended."""

import os
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from henno.forms.streams import StreamFormat
from henno.labelling.job import labelled_name
from henno.model.errors import FormFileError
from henno.service.ui.file_messages import file_error_message, too_many_rows
from henno.work.items import ACTIVE, INTERNAL, INTERRUPTED, WorkItem
from henno.work.items import WorkStatus as JobStatus
from henno.work.label_job import ALREADY_QUEUED, NO_MODEL, NOT_QUEUED, TooManyRows

__all__ = ["ACTIVE", "Job", "JobStatus", "TooManyRows", "job_of", "upload_name"]
MAX_NAME_CHARS = 120
FAILED = "内部エラーでラベル付けできませんでした"
INTERRUPTED_JA = "処理が中断されました（サーバーの再起動など）。もう一度アップロードしてください"
NO_MODEL_JA = "モデルが読み込まれていません。管理者に連絡してください"
NOTICES = {
    NOT_QUEUED: "要確認の一覧に追加できませんでした（確認データベースに接続できません）",
    ALREADY_QUEUED: ("このファイルの要確認の行は、"
                     "前に同じファイルをアップロードしたときに一覧に入っています"),
}


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
    mentions: dict[str, int] = field(default_factory=dict)  # 理由に含まれる件数（複数回答）
    error: str = ""
    error_code: str | None = None  # henno.work's code, for programs (the API)
    notice: str = ""
    notice_info: bool = False  # the notice is news (shown as such), not a failure
    created: float = 0.0

    @property
    def output_name(self) -> str:
        return labelled_name(self.filename, f".{self.format}")

    @property
    def reviewed_name(self) -> str:
        return labelled_name(self.filename, f".{self.format}").replace(
            "_labelled.", "_labelled_reviewed.")

    def meta(self) -> dict[str, Any]:
        """What of the job is kept in its folder, not the database: its name and header may
        be a resident's data."""
        return {"filename": self.filename, "columns": self.columns, "detected": self.detected,
                "id_detected": self.id_detected, "header_number": self.header_number}

    def params(self) -> dict[str, Any]:
        return {"format": self.format, "file_hash": self.file_hash,
                "header_row": self.header_row}


def job_of(item: WorkItem, meta: dict[str, Any]) -> Job:
    params, result = item.params, item.result
    columns: list[str] = meta["columns"]
    return Job(id=item.id, owner=item.owner, filename=meta["filename"],
               format=params["format"], columns=columns, detected=meta["detected"],
               file_hash=params.get("file_hash", ""), id_detected=meta.get("id_detected"),
               text_column=params.get("text_column"), id_column=params.get("id_column"),
               group_by=[columns[index] for index in params.get("group_columns", [])],
               header_row=params.get("header_row"), header_number=meta["header_number"],
               row_counts=result.get("row_counts", {}), status=item.status,
               rows=result.get("rows", item.rows_done),
               fraction=1.0 if item.status == JobStatus.DONE else item.fraction,
               flagged=result.get("flagged", 0), counts=result.get("counts", {}),
               mentions=result.get("mentions", {}),
               error=error_message(item.error_code, result), error_code=item.error_code,
               notice=NOTICES.get(result.get("notice", ""), ""),
               notice_info=result.get("notice") == ALREADY_QUEUED,
               created=item.created_at.timestamp())


def error_message(code: str | None, result: dict[str, Any]) -> str:
    """The clerk's words for an error code of henno.work (no server paths, no CLI hints)."""
    if code is None:
        return ""
    if code == TooManyRows.code:
        return too_many_rows(int(result.get("limit", 0)))
    special = {INTERRUPTED: INTERRUPTED_JA, INTERNAL: FAILED, NO_MODEL: NO_MODEL_JA}
    return special.get(code) or file_error_message(FormFileError("", code=code))


def upload_name(filename: str) -> str:
    """The file name without folders, shortened but keeping its extension."""
    name = PurePath(filename.replace("\\", "/") or "form.csv").name or "form.csv"
    stem, suffix = os.path.splitext(name)
    return stem[: MAX_NAME_CHARS - len(suffix[:10])] + suffix[:10]
