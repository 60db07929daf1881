"""Counting labelled rows by label and by group, compactly enough for millions of rows."""

from array import array
from typing import Any

import numpy as np
import numpy.typing as npt

from model.labels import LABELS

_INDEX = {label: i for i, label in enumerate(LABELS)}


class Tally:
    """Per row: the label index (-1 when not labelled), review flag, scores and group keys.

    `columns` are the row's columns (for a labelling job: the input's plus the appended ones).
    """

    def __init__(self, columns: list[str], group_columns: list[str], keyed_rows: bool):
        self.columns = columns
        self._positions = {name: i for i, name in reversed(list(enumerate(columns)))}
        self.group_columns = group_columns
        self.keyed_rows = keyed_rows  # JSON Lines rows are dicts, others are lists
        self.labels = array("b")
        self.flagged = array("b")
        self.scores = array("f")
        self.has_scores = True
        self.group_ids: list[array[int]] = [array("i") for _ in group_columns]
        self.group_values: list[dict[str, int]] = [{} for _ in group_columns]
        self.errors = 0

    def _field(self, row: Any, name: str) -> Any:
        if self.keyed_rows:
            return row.get(name)
        index = self._positions.get(name)
        return row[index] if index is not None and index < len(row) else None

    def add(self, rows: list[Any]) -> None:
        for row in rows:
            self.add_row(row)

    def add_row(self, row: Any) -> None:
        label = self._field(row, "label")
        index = _INDEX.get("" if label is None else str(label), -1)
        self.labels.append(index)
        self.errors += index < 0
        flag = self._field(row, "needs_review")
        self.flagged.append(1 if index < 0 or str(flag).lower() in ("true", "1") else 0)
        scores = [self._field(row, f"score_{label}") for label in LABELS]
        if any(s in (None, "") for s in scores):
            self.scores.extend([0.0] * len(LABELS))
            self.has_scores = self.has_scores and index < 0
        else:
            self.scores.extend(float(s) for s in scores)
        for ids, values, column in zip(self.group_ids, self.group_values, self.group_columns):
            value = self._field(row, column)
            ids.append(values.setdefault("" if value is None else str(value), len(values)))

    @property
    def rows(self) -> int:
        return len(self.labels)

    def label_array(self) -> npt.NDArray[np.int8]:
        return np.frombuffer(self.labels, dtype=np.int8)

    def score_matrix(self) -> npt.NDArray[np.float32]:
        return np.frombuffer(self.scores, dtype=np.float32).reshape(-1, len(LABELS))

    def counts(self, mask: npt.NDArray[np.bool_] | None = None) -> list[int]:
        labels = self.label_array() if mask is None else self.label_array()[mask]
        return [int(c) for c in np.bincount(labels[labels >= 0], minlength=len(LABELS))]
