"""POST /v1/label-file: a whole form file back with label columns appended."""

from collections import Counter
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from forms import Table, find_text_column, read_table, write_table
from model.classifier import Classifier
from service.deps import ReadyDep
from service.errors import ServiceError
from service.observability import log_fields
from service.schemas import ERROR_RESPONSES

router = APIRouter(prefix="/v1", tags=["files"], responses=ERROR_RESPONSES)
_MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK_ROWS = 1000


def label_columns(classifier: Classifier, texts: list[Any]) -> dict[str, list[Any]]:
    """label, label_ja, confidence, needs_review for every row; empty cells get no label."""
    columns: dict[str, list[Any]] = {"label": [], "label_ja": [], "confidence": [],
                                     "needs_review": []}
    cells = ["" if cell is None else str(cell) for cell in texts]
    for start in range(0, len(cells), CHUNK_ROWS):
        chunk = cells[start : start + CHUNK_ROWS]
        filled = [i for i, text in enumerate(chunk) if text.strip()]
        predictions = dict(zip(filled, classifier.predict([chunk[i] for i in filled])))
        for i in range(len(chunk)):
            p = predictions.get(i)
            columns["label"].append(p.label if p else "")
            columns["label_ja"].append(p.label_ja if p else "")
            columns["confidence"].append(round(p.confidence, 4) if p else "")
            columns["needs_review"].append(p.needs_review if p else True)
    return columns


def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise ServiceError(413, "payload_too_large", f"the file is larger than {limit} bytes")
    return data


def _download_name(filename: str, table: Table) -> str:
    stem = PurePath(filename or "form").stem or "form"
    return f"{stem}_labelled.{table.format}"


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
    name = _download_name(file.filename or "", table)
    media = _MEDIA_TYPES[table.format]
    if table.format == "csv":
        media += f"; charset={'shift_jis' if table.encoding == 'cp932' else 'utf-8'}"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
