"""A people's file names the rows that are not forms in its 判定メモ (合計行…), and reading it
back (henno report, the page's report with the reviews) skips them as the labelling did."""

import pytest

from henno.labelling.counts import row_counts
from henno.labelling.output_columns import memo
from henno.labelling.row_kinds import BLANK_ROW, FORMULA_ROW, TOTAL_ROW, NotAForm
from henno.labelling.tally import Tally
from henno.model.labels import LABELS


@pytest.mark.parametrize(("kind", "shown"), [(TOTAL_ROW, "合計行"), (FORMULA_ROW, "数式の行"),
                                             (BLANK_ROW, "空行")])
def test_a_row_that_is_not_a_form_is_named_and_not_counted_when_read_back(
        kind: NotAForm, shown: str) -> None:
    assert memo(str(kind)) == shown
    tally = Tally([], [], keyed_rows=False)
    no_scores = [None] * len(LABELS)
    tally.add_columns(labels=["relocation", None], flags=["", ""],
                      scores=[no_scores, no_scores], groups=[], problems=["", shown],
                      reviewers=["", ""])
    counts = row_counts(tally)
    assert (counts.rows, counts.unreadable, counts.flagged) == (1, 0, 0)
