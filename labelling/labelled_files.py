"""Reading labelled files back for a report (`henno report FILE...`): one tally over them all.

A file holds henno's columns for programs (label, label_ja, needs_review, reasons, error,
score_…) or for people (判定コード, 判定, 理由（すべて）, 要確認, 判定メモ), possibly corrected by
hand. A label may be written as its code or its Japanese name in either column; a corrected
Japanese label wins over a stale code next to it; a value that names no label is an error
naming its row.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from henno.forms.columns import find_text_column
from henno.forms.source import DEFAULT_LIMITS, Limits
from henno.forms.streams import format_of, open_source
from henno.labelling.reason_cells import REASONS_EN, REASONS_JA, parse_reasons
from henno.labelling.tally import REVIEWER_COLUMN, Tally
from henno.model.errors import FormFileError
from henno.model.labels import LABEL_JA, LABELS, label_from_text

CHUNK_ROWS = 2000
# Each role's column, as henno writes it for people or for programs (first found wins).
_ROLES = {"ja": ("判定", "label_ja"), "code": ("判定コード", "label"),
          "flag": ("要確認", "needs_review"), "problem": ("判定メモ", "error"),
          "reviewer": (REVIEWER_COLUMN,), "reasons": (REASONS_JA, REASONS_EN)}
_MAX_SHOWN = 20


@dataclass(frozen=True)
class ReadOptions:
    format: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    limits: Limits = DEFAULT_LIMITS
    header_row: int | None = None  # as Excel shows it; None: found in each file


class _Columns:
    """Where a file keeps each of henno's columns."""

    def __init__(self, columns: list[str], name: str):
        self.index = {column: i for i, column in enumerate(columns)}
        self.roles: dict[str, str | None] = {
            role: next((c for c in candidates if c in self.index), None)
            for role, candidates in _ROLES.items()}
        if self.roles["ja"] is None and self.roles["code"] is None:
            raise FormFileError(f"{name}: no label column (判定, 判定コード, label or label_ja); "
                                "is it a file labelled by henno?", code="text_column_not_found")

    def get(self, row: Any, column: str | None) -> Any:
        if column is None:
            return None
        if isinstance(row, dict):  # a JSON Lines record
            return row.get(column)
        position = self.index.get(column)
        return row[position] if position is not None and position < len(row) else None

    def role(self, row: Any, role: str) -> Any:
        return self.get(row, self.roles[role])

    def label(self, row: Any, where: str) -> str | None:
        for role in ("ja", "code"):  # the Japanese column is the one people correct
            value = self.role(row, role)
            text = "" if value is None else str(value).strip()
            if text:
                label = label_from_text(text)
                if label is None:
                    raise FormFileError(
                        f"{where}: {self.roles[role]} {text[:_MAX_SHOWN]!r} names no label; "
                        f"use one of {', '.join(LABELS)} or {'、'.join(LABEL_JA.values())}",
                        code="unknown_label")
                return label
        return None

    def reasons(self, row: Any, where: str) -> Any:
        """The row's reasons cell, checked: a part that names no label is an error."""
        value = self.role(row, "reasons")
        _, unknown = parse_reasons(value)
        if unknown:
            raise FormFileError(
                f"{where}: {self.roles['reasons']} {unknown[0][:_MAX_SHOWN]!r} names no label; "
                f"use one of {', '.join(LABELS)} or {'、'.join(LABEL_JA.values())}",
                code="unknown_label")
        return value


def read_labelled_files(paths: Sequence[Path], group_by: list[str],
                        options: ReadOptions = ReadOptions()) -> Tally:
    """The tally of every row of every file; each must hold the `group_by` columns."""
    tally: Tally | None = None
    for path in paths:
        source = open_source(path, format_of(path, options.format), options.encoding,
                             options.sheet, options.limits, options.header_row)
        try:
            names = [str(c).strip() for c in source.columns]
            groups = [names[find_text_column(names, g)] for g in group_by]
            tally = tally or Tally([], groups, keyed_rows=False)
            _add_file(tally, path, source.chunks(CHUNK_ROWS), _Columns(names, path.name),
                      groups, source.header_number)
        finally:
            source.close()
    if tally is None:
        raise FormFileError("no labelled file given")
    return tally


def _add_file(tally: Tally, path: Path, chunks: Iterator[list[Any]], columns: _Columns,
              groups: list[str], header_number: int) -> None:
    scores = [f"score_{label}" for label in LABELS]
    seen = 0
    for chunk in chunks:
        labels, reasons, kept = [], [], []
        for offset, row in enumerate(chunk):
            number = getattr(row, "number", None) or header_number + seen + offset + 1
            where = f"{path.name}, row {number}"
            label = columns.label(row, where)
            if label is None and not str(columns.role(row, "problem") or "").strip():
                continue  # no label and no reason why: a row that is not a form (合計…)
            labels.append(label or "")
            reasons.append(columns.reasons(row, where))
            kept.append(row)
        seen += len(chunk)
        tally.add_columns(
            labels=labels, flags=[columns.role(row, "flag") for row in kept],
            scores=[[columns.get(row, name) for name in scores] for row in kept],
            groups=[[columns.get(row, column) for row in kept] for column in groups],
            problems=[columns.role(row, "problem") for row in kept],
            reviewers=[columns.role(row, "reviewer") for row in kept], reasons=reasons)
