"""POST /v1/label-file: a whole form file back with label columns appended.

The upload is labelled by the same reader and labelling function as `henno label` and the
page (henno.labelling.job.label_file), in a private temporary folder under the state folder that is
removed once the answer is in memory: the same bytes get the same answer everywhere.
"""

import tempfile
from pathlib import Path, PurePath
from typing import Annotated, BinaryIO, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from henno.audit import AuditAction
from henno.forms.source import Limits, StreamFormat
from henno.forms.streams import MEDIA_TYPES, format_of, sniff_encoding
from henno.labelling import job
from henno.labelling.output_columns import ColumnSet
from henno.model.errors import HennoError
from henno.model.labels import LABELS
from henno.service.audited import Outcome, file_object, record
from henno.service.deps import ClerkDep, ClerkOnly, ReadyDep
from henno.service.errors import ServiceError
from henno.service.observability import log_fields
from henno.service.schemas import ERROR_RESPONSES
from henno.settings import Settings

router = APIRouter(prefix="/v1", tags=["files"], responses=ERROR_RESPONSES,
                   dependencies=[ClerkOnly])
_COPY_BYTES = 2**20
_CHARSETS = {"cp932": "shift_jis", "shift_jis": "shift_jis"}


def _scratch(settings: Settings) -> Path:
    """<state_dir>/tmp, private: uploads hold residents' reasons."""
    from henno.service.scratch import scratch_dir

    return scratch_dir(settings.state_dir)


def _store_upload(upload: BinaryIO, path: Path, limit: int) -> None:
    written = 0
    with open(path, "wb") as handle:
        while chunk := upload.read(_COPY_BYTES):
            written += len(chunk)
            if written > limit:
                raise ServiceError(413, "payload_too_large",
                                   f"the file is larger than {limit} bytes")
            handle.write(chunk)


def _media_type(fmt: StreamFormat, path: Path) -> str:
    if fmt != "csv":
        return MEDIA_TYPES[fmt]
    return f"text/csv; charset={_CHARSETS.get(sniff_encoding(path), 'utf-8')}"


@router.post("/label-file", summary="Label every row of a CSV, .xlsx or JSON Lines form file",
             response_class=Response,
             responses={200: {"content": {m: {} for m in MEDIA_TYPES.values()},
                              "description": "The same file with label columns appended."}})
def label_file(ready: ReadyDep, user: ClerkDep, request: Request,
               file: Annotated[UploadFile, File(
                   description="CSV (UTF-8, BOM, CP932), .xlsx or JSON Lines")],
               text_column: Annotated[str | None, Form()] = None,
               columns: Annotated[Literal["en", "ja"], Form(
                   description="en: label, label_ja, confidence, needs_review, score_<label>, "
                               "reasons, error (for programs); ja: 判定, 判定コード, 確からしさ, "
                               "要確認, 判定メモ, 理由（すべて） (for people)")] = "en",
               header_row: Annotated[int | None, Form(
                   ge=1, description="the header row as Excel numbers it; default: found "
                                     "below any title and note rows")] = None) -> Response:
    """Every original column and row in order, plus the label columns of `henno label`; the
    answer has the input's format and encoding."""
    settings = ready.service.settings
    name = PurePath((file.filename or "").replace("\\", "/")).name or "form.csv"
    audit, audited = ready.service.access.audit, {"file": file_object(name)[:255], "what": "api"}
    options = job.LabelOptions(text_column=text_column, columns=ColumnSet(columns),
                               header_row=header_row,
                               limits=Limits(settings.max_sheet_rows, settings.max_sheet_columns))
    try:
        fmt = format_of(Path(name))
        with tempfile.TemporaryDirectory(dir=_scratch(settings)) as folder:
            source, output = Path(folder) / f"input.{fmt}", Path(folder) / f"output.{fmt}"
            _store_upload(file.file, source, settings.max_upload_bytes)
            tally = job.label_file(source, output, ready.classifier, options,
                                   show_progress=False)
            media, body = _media_type(fmt, source), output.read_bytes()
    except HennoError as exc:
        record(audit, user.actor, AuditAction.DOWNLOAD, Outcome.FAILED, **audited,
               error=exc.code)
        raise
    record(audit, user.actor, AuditAction.DOWNLOAD, rows=tally.rows, **audited)
    counts = dict(zip(LABELS, tally.counts(), strict=True))
    log_fields(request.scope).update(rows=tally.rows, flagged=sum(tally.flagged),
                                     labels={label: n for label, n in counts.items() if n})
    return Response(body, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(job.labelled_name(name))}"})


def _quote(name: str) -> str:
    return quote(name, safe="")
