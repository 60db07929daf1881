"""The one definition of every count henno shows (report, CLI summary, the page's done view).

件数: every form row, blank ones included (rows that are not forms, such as a 合計 row, are
never counted). 判定: rows with a label. 空欄: forms left blank — not errors. 読めない: texts
that could not be read. 要確認: rows still to check — flagged by the model or unreadable, not
blank and not yet reviewed. 確認済み: rows a clerk reviewed (a 確認者 is written).
"""

from array import array
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from henno.labelling.tally import RowKind, Tally

Mask = npt.NDArray[np.bool_] | None


@dataclass(frozen=True)
class RowCounts:
    rows: int
    labelled: int
    blank: int
    unreadable: int
    flagged: int
    reviewed: int

    def japanese(self) -> list[tuple[str, int]]:
        """(name, count) in the order people read them."""
        return [("件数", self.rows), ("判定", self.labelled), ("空欄", self.blank),
                ("読めない", self.unreadable), ("要確認", self.flagged),
                ("確認済み", self.reviewed)]


def _array(values: "array[int]", mask: Mask) -> npt.NDArray[np.int8]:
    found = np.frombuffer(values, dtype=np.int8)
    return found if mask is None else found[mask]


def row_counts(tally: Tally, mask: Mask = None) -> RowCounts:
    """The counts of all rows, or of those `mask` selects."""
    kinds = _array(tally.kinds, mask)
    return RowCounts(
        rows=int(kinds.size),
        labelled=int((kinds == RowKind.LABELLED).sum()),
        blank=int((kinds == RowKind.BLANK).sum()),
        unreadable=int((kinds == RowKind.UNREADABLE).sum()),
        flagged=int(_array(tally.flagged, mask).sum()),
        reviewed=int(_array(tally.reviewed, mask).sum()),
    )
