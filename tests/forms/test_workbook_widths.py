"""The label columns of a kept workbook are as wide as their longest value, within a cap, so
理由（すべて） shows 「制度への不信・誤り・不具合」 whole."""

from pathlib import Path

import openpyxl
import pytest

from henno.forms.workbook import KeptWorkbook, LabelledRow, Percent
from tests.forms.ledger import HEADER
from tests.forms.test_workbook import ledger

ADDED = ["判定", "確からしさ", "判定メモ", "理由（すべて）"]


@pytest.mark.parametrize(("reasons", "width"), [
    (["転居"], 16),  # the header, 7 wide characters, and a margin
    (["転居", "制度への不信・誤り・不具合"], 28),  # 13 wide characters
    (["転居", "相次ぐ不祥事・" * 10], 60),  # capped: a longer value wraps in Excel
    (["relocation;scandal;errors"], 27),  # narrow characters count one
])
def test_the_added_columns_fit_their_longest_value(tmp_path: Path, reasons: list[str],
                                                   width: int) -> None:
    source, output = ledger(tmp_path / "ledger.xlsx"), tmp_path / "out.xlsx"
    kept = KeptWorkbook(source, output, "受付簿", 3, HEADER, [], ADDED)
    kept.write([LabelledRow(HEADER, None, [])])
    kept.write([LabelledRow([], row, ["転居", Percent(0.973), "", value])
                for row, value in enumerate(reasons, start=4)])
    kept.commit()
    columns = openpyxl.load_workbook(output)["受付簿"].column_dimensions
    assert [columns[letter].width for letter in "EFGH"] == [14, 14, 14, width]
