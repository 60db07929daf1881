"""The clerks' decisions written back into a labelled file: the reviewed rows get the clerk's
label and a 確認者 column names who decided, for the page's 「確認結果を反映してダウンロード」
and `henno review apply`."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from henno.accounts.principal import actor_ja
from henno.forms.columns import find_text_column
from henno.forms.sink import Sink
from henno.forms.source import Source
from henno.forms.streams import UnreadableRow, format_of, open_source
from henno.forms.workbook import keepable
from henno.model.labels import LABEL_JA, label_from_text
from henno.review.apply_workbook import Changes, write_changes
from henno.review.items import ReviewItem
from henno.review.redaction import redact_for_storage, text_key

REVIEWER_COLUMN = "確認者"
CHUNK_ROWS = 2000
_FLAGGED = {"True", "TRUE", "true", "要確認"}
# (column, what it holds for a reviewed row) in either set of henno's columns.
# A reviewed row's reasons become the clerk's label alone: the clerk vouched for that one
# reason, not for the others the model found. Its confidence (確からしさ) is the model's
# confidence in the label the model chose: kept when the clerk confirmed that label, emptied
# when the clerk chose another one (it would read as the confidence of the clerk's label).
_LABEL_COLUMNS = {"label": "code", "判定コード": "code", "label_ja": "ja", "判定": "ja",
                  "needs_review": "false", "要確認": "empty", "reasons": "reasons_code",
                  "理由（すべて）": "reasons_ja", "confidence": "confidence",
                  "確からしさ": "confidence"}
# The decided items of the texts asked for, by text key.
Lookup = Callable[[set[str]], dict[str, ReviewItem]]


@dataclass(frozen=True)
class Applied:
    rows: int
    reviewed: int


def _key(text: Any) -> str | None:
    stored = redact_for_storage(str(text)) if text not in (None, "") else ""
    return text_key(stored) if stored else None


class _Rows:
    """Reads and rewrites rows as lists (CSV, .xlsx) or dicts (JSON Lines) alike."""

    def __init__(self, columns: list[str], text_column: int, keyed: bool):
        self.columns = columns
        self.keyed = keyed
        self.text = columns[text_column] if keyed else text_column
        self.flags = [self._at(name) for name in ("needs_review", "要確認") if name in columns]
        self.labels = {self._at(name): kind for name, kind in _LABEL_COLUMNS.items()
                       if name in columns}
        self.reviewer = self._at(REVIEWER_COLUMN) if REVIEWER_COLUMN in columns else None

    def _at(self, name: str) -> Any:
        return name if self.keyed else self.columns.index(name)

    @staticmethod
    def cell(row: Any, at: Any) -> Any:
        if isinstance(row, dict):
            return row.get(at)
        return row[at] if at < len(row) else None

    def flagged(self, row: Any) -> bool:
        return not isinstance(row, UnreadableRow) and any(
            str(self.cell(row, at)) in _FLAGGED for at in self.flags)

    @property
    def reviewer_at(self) -> Any:
        if self.reviewer is not None:
            return self.reviewer
        return REVIEWER_COLUMN if self.keyed else len(self.columns)

    def label_of(self, row: Any) -> str | None:
        """The label code the row holds now (the model's, or one corrected before)."""
        for at, kind in self.labels.items():
            if kind in ("code", "ja"):
                found = label_from_text(self.cell(row, at))
                if found:
                    return found
        return None

    def changes(self, item: ReviewItem | None, row: Any) -> dict[Any, Any]:
        """The cells a decision changes: the label columns, the confidence when the clerk
        chose another label than the row's, and 確認者."""
        if item is None:
            return {}
        changed: dict[Any, Any] = {}
        if item.reviewer_label is not None:
            code, ja = item.reviewer_label, LABEL_JA[item.reviewer_label]
            values = {"code": code, "ja": ja, "false": False, "empty": "",
                      "reasons_code": [code] if self.keyed else code,
                      "reasons_ja": [ja] if self.keyed else ja, "confidence": None}
            confirmed = self.label_of(row) == code
            changed = {at: values[kind] for at, kind in self.labels.items()
                       if not (kind == "confidence" and confirmed)}
        return {**changed, self.reviewer_at: actor_ja(item.reviewed_by) if item.reviewed_by else ""}

    def rewrite(self, row: Any, item: ReviewItem | None) -> Any:
        """The row with its decision; a row applied before keeps its 確認者."""
        if self.keyed:
            row = {**row, REVIEWER_COLUMN: row.get(REVIEWER_COLUMN, "")}
        else:
            width = len(self.columns) + (self.reviewer is None)
            row = [*row, *[""] * (width - len(row))] if len(row) < width else list(row)
        for at, value in self.changes(item, row).items():
            row[at] = value
        return row


def _decided(rows: _Rows, chunk: list[Any], lookup: Lookup) -> list[ReviewItem | None]:
    keys = [_key(rows.cell(row, rows.text)) if rows.flagged(row) else None for row in chunk]
    found = lookup({key for key in keys if key})
    return [found.get(key) if key else None for key in keys]


def apply_reviews(labelled: Path, output: Path, lookup: Lookup,
                  text_column: int | None = None, header_row: int | None = None) -> Applied:
    """Write `output`: `labelled` with each flagged row the clerks decided relabelled and a
    確認者 column; through a temporary file, so a failure leaves nothing. A workbook small
    enough to be kept is kept whole (only those cells change). `header_row` (as Excel shows
    it): the one the file was labelled with, when it was chosen rather than found."""
    source = open_source(labelled, format_of(labelled), header_row=header_row)
    try:
        index = find_text_column(source.columns) if text_column is None else text_column
        rows = _Rows(source.columns, index, source.format == "jsonl")
        if source.format == "xlsx" and keepable(labelled):
            return _into_workbook(source, rows, labelled, output, lookup)
        return _streamed(source, rows, output, lookup)
    finally:
        source.close()


def _into_workbook(source: Source, rows: _Rows, labelled: Path, output: Path,
                   lookup: Lookup) -> Applied:
    changes: Changes = {}
    total = 0
    for chunk in source.chunks(CHUNK_ROWS):
        for row, item in zip(chunk, _decided(rows, chunk, lookup), strict=True):
            if item is not None and getattr(row, "number", None):
                changes[row.number] = rows.changes(item, row)
        total += len(chunk)
    write_changes(labelled, output, source.sheet_title, source.header_number,
                  (rows.reviewer_at, REVIEWER_COLUMN), changes)
    return Applied(total, len(changes))


def _streamed(source: Source, rows: _Rows, output: Path, lookup: Lookup) -> Applied:
    sink = Sink(output, source.format, source.encoding, source.line_terminator,
                source.sheet_title)
    try:
        if not rows.keyed:  # the rows above the header (a title, a note) kept as they are
            sink.write([*(list(row) for row in source.preamble),
                        source.columns + ([] if rows.reviewer is not None else
                                          [REVIEWER_COLUMN])])
        total = reviewed = 0
        for chunk in source.chunks(CHUNK_ROWS):
            items = _decided(rows, chunk, lookup)
            sink.write([rows.rewrite(row, item) for row, item in zip(chunk, items, strict=True)])
            total += len(chunk)
            reviewed += sum(item is not None for item in items)
        sink.commit()
        return Applied(total, reviewed)
    except BaseException:
        sink.discard()
        raise
