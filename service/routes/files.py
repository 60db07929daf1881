"""POST /v1/label-file: a whole form file back with label columns appended."""

from collections import Counter
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from forms import find_text_column, read_table, write_table
from forms.streams import MEDIA_TYPES
from labelling.job import labelled_name
from labelling.predict import ADDED_COLUMNS, label_cells
from model.classifier import Classifier
from service.deps import ReadyDep
from service.errors import ServiceError
from service.observability import log_fields
from service.schemas import ERROR_RESPONSES

router = APIRouter(prefix="/v1", tags=["files"], responses=ERROR_RESPONSES)
# The API reads and writes CSV and .xlsx (forms.table); JSON Lines is for `henno label`.
_MEDIA_TYPES = {fmt: MEDIA_TYPES[fmt] for fmt in ("csv", "xlsx")}
CHUNK_ROWS = 1000


SERVICE_COLUMNS = ["label", "label_ja", "confidence", "needs_review"]


def label_columns(classifier: Classifier, texts: list[Any]) -> dict[str, list[Any]]:
    """label, label_ja, confidence, needs_review for every row; empty cells get no label
    (the first columns `henno label` appends, computed by the same function)."""
    rows: list[list[Any]] = []
    for start in range(0, len(texts), CHUNK_ROWS):
        rows += label_cells(classifier, texts[start : start + CHUNK_ROWS], digits=4)
    return {name: [row[ADDED_COLUMNS.index(name)] for row in rows] for name in SERVICE_COLUMNS}


def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise ServiceError(413, "payload_too_large", f"the file is larger than {limit} bytes")
    return data


@router.post("/label-file", summary="Label every row of a CSV or .xlsx form file",
             response_class=Response,
             responses={200: {"content": {m: {} for m in _MEDIA_TYPES.values()},
                              "description": "The same file with label columns appended."}})
def label_file(ready: ReadyDep, request: Request,
               file: Annotated[UploadFile, File(description="CSV (UTF-8, BOM, CP932) or .xlsx")],
               text_column: Annotated[str | None, Form()] = None) -> Response:
    """Every original column and row in order, plus label, label_ja, confidence, needs_review;
    the answer has the input's format and encoding."""
    classifier = ready.classifier
    data = _read_upload(file, ready.service.settings.max_upload_bytes)
    table = read_table(data, file.filename or "")
    column = find_text_column(table.columns, text_column)
    added = label_columns(classifier, table.column_values(column))
    body = write_table(table, added)
    log_fields(request.scope).update(rows=len(table.rows),
                                     labels=dict(Counter(x for x in added["label"] if x)))
    name = labelled_name(file.filename or "", f".{table.format}")
    media = _MEDIA_TYPES[table.format]
    if table.format == "csv":
        media += f"; charset={'shift_jis' if table.encoding == 'cp932' else 'utf-8'}"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


def _quote(name: str) -> str:
    return quote(name, safe="")
