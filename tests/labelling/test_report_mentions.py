"""理由に含まれる件数（複数回答）: beside the primary tally, overall, per month and per group, in
the report and in summary.csv and summary.xlsx."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from henno.labelling.report import write_report
from henno.labelling.report_tables import MENTIONS_NOTE, mention_table
from henno.labelling.tally import Tally

HEADER = ["受付日", "窓口", "label", "reasons", "error"]
ROWS = [["2023-04-03", "本庁", "relocation", "relocation;scandal", ""],
        ["2023-04-20", "本庁", "scandal", "scandal;system_distrust", ""],
        ["2023-05-10", "北支所", "relocation", "", ""],  # labelled before the reasons column
        ["2023-05-11", "北支所", "", "", "empty text"]]
LABELS_JA = ["制度への不信", "相次ぐ不祥事", "誤り・不具合", "転居", "その他"]
NOTE = ("1 枚の用紙が複数の理由に数えられることがあるため、各理由の件数を足しても用紙の数には"
        "なりません。")


@pytest.fixture
def tally() -> Tally:
    found = Tally(HEADER, ["受付日", "窓口"], keyed_rows=False)
    found.add(ROWS)
    return found


def test_overall_mentions_count_every_reason_and_the_labelled_forms(tally: Tally) -> None:
    table = mention_table(tally)
    assert table.title == "理由に含まれる件数（複数回答）"
    assert table.header == ["", *LABELS_JA, "判定した用紙"]
    assert table.total == [1, 2, 0, 2, 0, 3]
    assert table.note == MENTIONS_NOTE == NOTE


@pytest.mark.parametrize(("column", "title", "rows"), [
    (0, "受付日（月）別の理由に含まれる件数（複数回答）",
     [("2023年4月", [1, 2, 0, 1, 0, 2]), ("2023年5月", [0, 0, 0, 1, 0, 1])]),
    (1, "窓口別の理由に含まれる件数（複数回答）",
     [("北支所", [0, 0, 0, 1, 0, 1]), ("本庁", [1, 2, 0, 1, 0, 2])]),
])
def test_mentions_per_month_and_per_group(tally: Tally, column: int, title: str,
                                          rows: list[tuple[str, list[int]]]) -> None:
    table = mention_table(tally, column)
    assert (table.title, table.rows, table.total) == (title, rows, [1, 2, 0, 2, 0, 3])
    assert table.shares()[0] == (rows[0][0], [v / rows[0][1][-1] for v in rows[0][1]])


def test_summary_files_hold_the_mentions_and_the_note(tally: Tally, tmp_path: Path) -> None:
    write_report(tally, None, tmp_path)
    rows = list(csv.reader(io.StringIO(
        (tmp_path / "summary.csv").read_text(encoding="utf-8-sig"))))
    start = rows.index(["理由に含まれる件数（複数回答）"])
    assert rows[start + 1:start + 5] == [["", *LABELS_JA, "判定した用紙"],
                                         ["合計", "1", "2", "0", "2", "0", "3"], [], [NOTE]]
    assert ["窓口別の理由に含まれる件数（複数回答）"] in rows
    book = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    sheet = book["窓口別の理由に含まれる件数（複数回答）"]
    assert [c.value for c in sheet["A"]] == ["窓口", "北支所", "本庁", "合計", None, NOTE]
    assert "窓口別の理由に含まれる割合（複数回答）" in book.sheetnames


def test_the_report_page_shows_mentions_beside_each_tally(tally: Tally, tmp_path: Path) -> None:
    page = (write_report(tally, None, tmp_path)).read_text(encoding="utf-8")
    assert page.count("理由に含まれる件数（複数回答）") == 4  # overall, its note, two groups
    assert page.count(NOTE) == 3
    assert "<h3>受付日（月）別の理由に含まれる件数（複数回答）</h3>" in page
    assert "<h3>窓口別の理由に含まれる件数（複数回答）</h3>" in page
    assert "判定した用紙の 66.7%" in page  # 相次ぐ不祥事 and 転居: 2 of 3 labelled forms


SCORED = ["label", "reasons", "確認者", *[f"score_{label}" for label in
                                       ("system_distrust", "scandal", "errors", "relocation",
                                        "other")]]
SCANDAL_TOP = ["0.1", "0.5", "0.1", "0.2", "0.1"]


@pytest.mark.parametrize(("label", "reasons", "reviewer", "model_labelled"), [
    ("scandal", "scandal", "", True),  # the top score
    # The rules chose a reason below the top score (priority, a stated main reason): the
    # model's own label, so the corrections for its confusion still apply.
    ("relocation", "relocation;scandal", "", True),
    ("relocation", "", "", False),  # corrected by hand, the reasons not
    ("errors", "relocation;scandal", "", False),
    ("relocation", "relocation", "佐藤花子", False),  # a clerk's decision (review apply)
])
def test_a_label_chosen_by_the_rules_is_the_model_s_own(label: str, reasons: str,
                                                       reviewer: str,
                                                       model_labelled: bool) -> None:
    found = Tally(SCORED, [], keyed_rows=False)
    found.add([[label, reasons, reviewer, *SCANDAL_TOP]])
    assert found.model_labelled is model_labelled
