"""The clerks' decisions written back into a labelled file: the reviewed rows get the clerk's
label and a 確認者 column names who decided, for the page's 「確認結果を反映してダウンロード」
and `henno review apply`."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.columns import find_text_column
from forms.sink import Sink
from forms.streams import UnreadableRow, format_of, open_source
from model.labels import LABEL_JA
from review.items import ReviewItem
from review.redaction import redact_for_storage, text_key

REVIEWER_COLUMN = "確認者"
CHUNK_ROWS = 2000
_FLAGGED = {"True", "TRUE", "true", "要確認"}
# (column, what it holds for a reviewed row) in either set of henno's columns.
_LABEL_COLUMNS = {"label": "code", "判定コード": "code", "label_ja": "ja", "判定": "ja",
                  "needs_review": "false", "要確認": "empty"}
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

    def rewrite(self, row: Any, item: ReviewItem | None) -> Any:
        row = dict(row) if self.keyed else [*row, *[None] * (len(self.columns) - len(row))]
        reviewer = item.reviewed_by if item is not None else None
        if item is not None and item.reviewer_label is not None:
            values = {"code": item.reviewer_label, "ja": LABEL_JA[item.reviewer_label],
                      "false": False, "empty": ""}
            for at, kind in self.labels.items():
                row[at] = values[kind]
        if self.reviewer is not None:  # applied before: a row reviewed then keeps its name
            if item is not None:
                row[self.reviewer] = reviewer or ""
        elif self.keyed:
            row[REVIEWER_COLUMN] = reviewer or ""
        else:
            row.append(reviewer or "")
        return row


def apply_reviews(labelled: Path, output: Path, lookup: Lookup,
                  text_column: int | None = None) -> Applied:
    """Write `output`: `labelled` with each flagged row the clerks decided relabelled and a
    確認者 column; through a temporary file, so a failure leaves nothing."""
    source = open_source(labelled, format_of(labelled))
    sink: Sink | None = None
    try:
        index = find_text_column(source.columns) if text_column is None else text_column
        rows = _Rows(source.columns, index, source.format == "jsonl")
        sink = Sink(output, source.format, source.encoding, source.line_terminator,
                    source.sheet_title)
        if not rows.keyed:
            header = source.columns + ([] if rows.reviewer is not None else [REVIEWER_COLUMN])
            sink.write([header])
        total = reviewed = 0
        for chunk in source.chunks(CHUNK_ROWS):
            keys = [_key(rows.cell(row, rows.text)) if rows.flagged(row) else None
                    for row in chunk]
            decided = lookup({key for key in keys if key})
            items = [decided.get(key) if key else None for key in keys]
            sink.write([rows.rewrite(row, item) for row, item in zip(chunk, items, strict=True)])
            total += len(chunk)
            reviewed += sum(item is not None for item in items)
        sink.commit()
        return Applied(total, reviewed)
    except BaseException:
        if sink is not None:
            sink.discard()
        raise
    finally:
        source.close()
