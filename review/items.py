"""What goes into the review store and what comes out of it."""

import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath, PureWindowsPath
from typing import Any

from henno.model.errors import InvalidInputError
from henno.model.labels import LABELS
from henno.review.redaction import (
    redact_file_name,
    redact_for_storage,
    redact_record_id,
    text_key,
)
from henno.review.tables import PENDING, ItemRow

SOURCE_FILE_CHARS = 255
REVIEWER_CHARS = 64


@dataclass(frozen=True)
class NewItem:
    """A row the model flagged for review; `text` is raw, the store redacts it."""

    text: str
    model_label: str
    scores: dict[str, float]
    source_file: str
    source_row: int  # as Excel shows it
    file_hash: str | None = None  # the upload's sha256: one item per text of a file
    id_column: str | None = None  # e.g. 受付番号
    record_id: str | None = None  # raw, the store redacts it


@dataclass(frozen=True)
class ReviewItem:
    id: int
    text: str
    model_label: str
    scores: dict[str, float]
    confidence: float
    margin: float
    source_file: str
    source_row: int
    created_at: datetime
    status: str
    reviewer_label: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    same_rows: list[int] = field(default_factory=list)  # every row of the file with this text
    id_column: str | None = None
    record_id: str | None = None
    file_hash: str | None = None


@dataclass(frozen=True)
class ReviewCounts:
    pending: int
    decided: int


def check_label(label: str) -> str:
    if label not in LABELS:
        raise InvalidInputError(f"unknown label {label!r}; allowed: {', '.join(LABELS)}")
    return label


def check_reviewer(reviewer: str) -> str:
    if not reviewer.strip() or len(reviewer) > REVIEWER_CHARS:
        raise InvalidInputError(f"a reviewer name has 1 to {REVIEWER_CHARS} characters")
    return reviewer


def _scores(scores: dict[str, float]) -> dict[str, float]:
    if not scores or any(label not in LABELS for label in scores):
        raise InvalidInputError(f"scores must be given for labels among: {', '.join(LABELS)}")
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in scores.values()):
        raise InvalidInputError("scores must be finite numbers")
    return {label: float(value) for label, value in scores.items()}


def _file_name(source_file: str) -> str:
    # Both separators: a Windows path typed into a form upload is still only a name here.
    name = PureWindowsPath(PurePath(source_file).name).name
    return redact_file_name(name)[:SOURCE_FILE_CHARS]


def new_row(item: NewItem, created_at: datetime) -> dict[str, Any]:
    """The columns of a new pending item: text redacted, labels and scores checked."""
    check_label(item.model_label)
    text = redact_for_storage(item.text)
    if not text:
        raise InvalidInputError(f"row {item.source_row} has an empty text")
    if item.source_row < 1:
        raise InvalidInputError("source rows are counted from 1")
    scores = _scores(item.scores)
    top, second = [*sorted(scores.values(), reverse=True), 0.0][:2]
    return {"text": text, "text_key": text_key(text), "model_label": item.model_label,
            "scores": scores, "confidence": top, "margin": top - second,
            "source_file": _file_name(item.source_file), "source_row": item.source_row,
            "file_hash": item.file_hash, "same_rows": [item.source_row],
            "id_column": redact_record_id(item.id_column) or None if item.id_column else None,
            "record_id": redact_record_id(item.record_id) or None if item.record_id else None,
            "created_at": created_at, "status": PENDING}


def to_item(row: ItemRow) -> ReviewItem:
    return ReviewItem(
        id=row.id, text=row.text, model_label=row.model_label, scores=dict(row.scores),
        confidence=row.confidence, margin=row.margin, source_file=row.source_file,
        source_row=row.source_row, created_at=row.created_at, status=row.status,
        reviewer_label=row.reviewer_label, reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at, same_rows=list(row.same_rows or [row.source_row]),
        id_column=row.id_column, record_id=row.record_id, file_hash=row.file_hash)
