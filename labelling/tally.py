"""Counting labelled rows by label and by group, compactly enough for millions of rows."""

import math
import re
from array import array
from enum import IntEnum
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from henno.labelling.output_columns import EMPTY_TEXT, NOT_FORM_MEMOS
from henno.labelling.reason_cells import REASONS_EN, parse_reasons
from henno.labelling.row_kinds import BLANK_ROW, FORMULA_ROW, TOTAL_ROW
from henno.model.labels import LABEL_JA, LABELS

# Label ids and their Japanese names both count: clerks may correct either column.
_INDEX = {label: i for i, label in enumerate(LABELS)} | {
    LABEL_JA[label]: i for i, label in enumerate(LABELS)}

# needs_review as a program writes it, or a people's file's 要確認 column.
_FLAGGED = ("true", "1", "要確認")
# A blank form as labelling writes it (`error`) or as a people's file shows it (判定メモ).
_BLANK = (EMPTY_TEXT, "空欄")
# Rows that are not forms (a 合計 row…) pass through labelling and are never counted.
_NOT_FORMS = frozenset(str(kind) for kind in (TOTAL_ROW, FORMULA_ROW, BLANK_ROW)) | frozenset(
    NOT_FORM_MEMOS.values())  # as a people's file's 判定メモ says it
REVIEWER_COLUMN = "確認者"
# Bytes a CSV line could not decode are lone surrogates in its cells: a group value shown in
# the report, summary.csv and summary.xlsx must be text they can hold.
_UNDECODED = re.compile("[\ud800-\udfff]+")


class RowKind(IntEnum):
    LABELLED = 0
    BLANK = 1  # a form left blank: not an error
    UNREADABLE = 2  # a text that could not be read (bytes, an oversized cell, a bad line)


def _score(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and 0.0 <= number <= 1.0 else None


class Tally:
    """Per row: the label index (-1 when not labelled), review flag, scores and group keys.

    `columns` are the row's columns (for a labelling job: the input's plus the appended ones).
    """

    def __init__(self, columns: list[str], group_columns: list[str], keyed_rows: bool):
        self.columns = columns
        # A file labelled twice has two `label` columns: the last one is the newest.
        self._positions = {name: i for i, name in enumerate(columns)}
        self.group_columns = group_columns
        self.keyed_rows = keyed_rows  # JSON Lines rows are dicts, others are lists
        self.labels = array("b")
        self.mentions = array("B")  # per row, a bit per label its reasons count (複数回答)
        self.flagged = array("b")
        self.scores = array("f")
        self.has_scores = True
        self.group_ids: list[array[int]] = [array("i") for _ in group_columns]
        self.group_values: list[dict[str, int]] = [{} for _ in group_columns]
        self.kinds = array("b")
        self.reviewed = array("b")
        self.errors = 0  # rows without a label: blank or unreadable
        self.edited_rows = 0  # labelled rows whose label is not their top-scoring one
        # A previous labelling's columns found in the input and replaced (to say so).
        self.replaced_columns: list[str] = []

    def _field(self, row: Any, name: str) -> Any:
        if self.keyed_rows:
            return row.get(name)
        index = self._positions.get(name)
        return row[index] if index is not None and index < len(row) else None

    def add(self, rows: list[Any]) -> None:
        """Rows of a labelled file, read field by field."""
        field = self._field
        self.add_columns(
            labels=[field(row, "label") for row in rows],
            flags=[field(row, "needs_review") for row in rows],
            scores=[[field(row, f"score_{label}") for label in LABELS] for row in rows],
            groups=[[field(row, column) for row in rows] for column in self.group_columns],
            problems=[field(row, "error") for row in rows],
            reviewers=[field(row, REVIEWER_COLUMN) for row in rows],
            reasons=[field(row, REASONS_EN) for row in rows],
        )

    def add_columns(self, labels: list[Any], flags: list[Any], scores: list[list[Any]],
                    groups: list[list[Any]], problems: list[Any] | None = None,
                    reviewers: list[Any] | None = None,
                    reasons: list[Any] | None = None) -> None:
        """The same rows given column by column: labels, review flags, score lists, the
        values of each group column, why a row has no label (`error`), who reviewed it and
        every reason it counts (a file without that column: its label alone)."""
        problems = problems or [None] * len(labels)
        reviewers = reviewers or [None] * len(labels)
        reasons = reasons or [None] * len(labels)
        forms = [i for i, problem in enumerate(problems) if str(problem) not in _NOT_FORMS]
        if len(forms) < len(labels):
            labels, flags, scores, problems, reviewers, reasons = (
                [column[i] for i in forms]
                for column in (labels, flags, scores, problems, reviewers, reasons))
            groups = [[column[i] for i in forms] for column in groups]
        for label, flag, row_scores, problem, reviewer, cell in zip(
                labels, flags, scores, problems, reviewers, reasons):
            index = _INDEX.get("" if label is None else str(label), -1)
            listed = _listed_bits(cell)
            # The row's label is always among its reasons (a clerk may have corrected it
            # without touching them); a row without a label counts none.
            self.mentions.append(1 << index | listed if index >= 0 else 0)
            kind = (RowKind.LABELLED if index >= 0 else RowKind.BLANK
                    if str(problem or "").startswith(_BLANK) else RowKind.UNREADABLE)
            reviewed = index >= 0 and bool(str(reviewer or "").strip())
            self.labels.append(index)
            self.kinds.append(kind)
            self.reviewed.append(reviewed)
            self.errors += index < 0
            # 要確認 is what is left to check: not a blank form, not a reviewed row.
            self.flagged.append(0 if kind is RowKind.BLANK or reviewed else
                                1 if index < 0 or str(flag).lower() in _FLAGGED else 0)
            numbers = [_score(s) for s in row_scores]
            if index >= 0 and all(n is not None for n in numbers):
                row_values = [float(n or 0.0) for n in numbers]
                self.scores.extend(row_values)
                self.edited_rows += _edited(row_values, index, listed, reviewed)
            else:
                self.scores.extend([0.0] * len(LABELS))
                self.has_scores = self.has_scores and index < 0
        for ids, values, column_values in zip(self.group_ids, self.group_values, groups):
            ids.extend(values.setdefault(_group_key(v), len(values)) for v in column_values)

    @property
    def model_labelled(self) -> bool:
        """True when every label is the model's own: corrections for its confusion apply."""
        return self.has_scores and self.edited_rows == 0

    @property
    def rows(self) -> int:
        return len(self.labels)

    def label_array(self) -> npt.NDArray[np.int8]:
        return np.frombuffer(self.labels, dtype=np.int8)

    def score_matrix(self) -> npt.NDArray[np.float32]:
        return np.frombuffer(self.scores, dtype=np.float32).reshape(-1, len(LABELS))

    def mention_counts(self, mask: npt.NDArray[np.bool_] | None = None) -> list[int]:
        """Per label, the labelled rows whose reasons count it (a row may count several)."""
        bits = np.frombuffer(self.mentions, dtype=np.uint8)
        bits = bits if mask is None else bits[mask]
        return [int(((bits >> i) & 1).sum()) for i in range(len(LABELS))]

    def counts(self, mask: npt.NDArray[np.bool_] | None = None) -> list[int]:
        labels = self.label_array() if mask is None else self.label_array()[mask]
        return [int(c) for c in np.bincount(labels[labels >= 0], minlength=len(LABELS))]


def _listed_bits(reasons: Any) -> int:
    """The labels a reasons cell lists, as bits."""
    parts = reasons if isinstance(reasons, list) else [reasons]
    return _reason_bits(tuple("" if part is None else str(part) for part in parts))


def _edited(scores: list[float], index: int, listed: int, reviewed: bool) -> bool:
    """Whether a row's label is not the model's own: neither its top score nor, unless a clerk
    decided it, one of the reasons it listed (the guideline's rules choose among them)."""
    if scores.index(max(scores)) == index:
        return False
    return reviewed or not listed >> index & 1


@lru_cache(maxsize=4096)
def _reason_bits(parts: tuple[str, ...]) -> int:
    """Cached: a file holds millions of rows but only a few combinations of reasons."""
    found, _ = parse_reasons(list(parts))
    return sum(1 << LABELS.index(label) for label in found)


def _group_key(value: Any) -> str:
    """A group cell as text; undecodable bytes become U+FFFD (shown as �)."""
    return "" if value is None else _UNDECODED.sub("\ufffd", str(value))
