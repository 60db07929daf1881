"""Every count has one definition (issue 10 §3): blank forms are not errors, rows that are
not forms are not counted, reviewed rows are not left to review."""

import pytest

from henno.labelling.counts import RowCounts, row_counts
from henno.labelling.tally import Tally

HEADER = ["理由", "label", "needs_review", "error", "確認者"]


def tally_of(rows: list[list[str]]) -> Tally:
    tally = Tally(HEADER, [], keyed_rows=False)
    tally.add(rows)
    return tally


@pytest.mark.parametrize(("rows", "expected"), [
    ([["a", "relocation", "False", "", ""]], RowCounts(1, 1, 0, 0, 0, 0)),
    ([["a", "relocation", "True", "", ""]], RowCounts(1, 1, 0, 0, 1, 0)),
    ([["", "", "True", "empty text", ""]], RowCounts(1, 0, 1, 0, 0, 0)),
    ([["", "", "", "空欄", ""]], RowCounts(1, 0, 1, 0, 0, 0)),
    ([["x", "", "True", "undecodable bytes in the text", ""]], RowCounts(1, 0, 0, 1, 1, 0)),
    ([["a", "転居", "True", "", "佐藤花子"]], RowCounts(1, 1, 0, 0, 0, 1)),
    ([["合計", "", "True", "a total row", ""]], RowCounts(0, 0, 0, 0, 0, 0)),
    ([["", "", "True", "a blank row", ""]], RowCounts(0, 0, 0, 0, 0, 0)),
    ([["a", "other", "False", "", ""], ["", "", "True", "empty text", ""],
      ["b", "scandal", "True", "", ""], ["=1", "", "True", "a formula in the reason cell", ""]],
     RowCounts(3, 2, 1, 0, 1, 0)),
])
def test_row_counts(rows: list[list[str]], expected: RowCounts) -> None:
    assert row_counts(tally_of(rows)) == expected


def test_row_counts_in_japanese_order() -> None:
    counts = RowCounts(10, 7, 2, 1, 3, 4)
    assert counts.japanese() == [("件数", 10), ("判定", 7), ("空欄", 2), ("読めない", 1),
                                 ("要確認", 3), ("確認済み", 4)]
