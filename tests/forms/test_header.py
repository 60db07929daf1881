"""The header row of a ledger: found below titles and notes, or named (issue 10 §1)."""

from pathlib import Path
from typing import Any

import pytest

from henno.forms.header import guess_header
from henno.forms.preview import preview
from henno.forms.streams import open_source
from henno.model.errors import FormFileError
from tests.forms.ledger import HEADER, NOTE, TITLE, ledger_csv, ledger_workbook


@pytest.mark.parametrize(("rows", "index"), [
    ([["返納理由"], ["転居のため"]], 0),
    ([[TITLE], [NOTE], HEADER, ["R5-1", "6/1", "本庁", "転居"]], 2),
    ([[TITLE, None, None], [None, None, None], ["番号", "返納の理由（自由記載）"]], 2),
    ([["※返納理由は個人情報です"], ["id", "理由"]], 1),  # a note that mentions 理由
    ([["受付日", "メモ"], ["2023-06-01", "特に理由はない"]], 0),  # a form that mentions 理由
    ([[TITLE], ["date", "memo"], ["x", "y"]], 1),  # no reason column: the first text row
    ([[TITLE]], 0),
    ([[None], [""]], None),
])
def test_the_header_row_is_guessed(rows: list[list[Any]], index: int | None) -> None:
    assert guess_header(rows) == index


@pytest.mark.parametrize(("build", "header_number", "preamble"), [
    (ledger_workbook, 3, [[TITLE], [NOTE]]),
    (ledger_csv, 4, [[TITLE, "", "", ""], [NOTE, "", "", ""], ["", "", "", ""]]),
])
def test_a_ledger_is_read_below_its_title_and_notes(tmp_path: Path, build: Any,
                                                    header_number: int,
                                                    preamble: list[list[str]]) -> None:
    path = build(tmp_path / ("ledger.xlsx" if build is ledger_workbook else "ledger.csv"))
    source = open_source(path, "xlsx" if path.suffix == ".xlsx" else "csv")
    try:
        assert (source.columns, source.header_number) == (HEADER, header_number)
        assert [list(row) for row in source.preamble] == preamble
        first = next(source.rows)
        assert (first.number, first[0]) == (header_number + 1, "R5-0001")
    finally:
        source.close()


def test_the_header_row_can_be_named(tmp_path: Path) -> None:
    path = ledger_workbook(tmp_path / "ledger.xlsx")
    source = open_source(path, "xlsx", header_row=2)
    try:
        assert (source.columns, source.header_number) == ([NOTE], 2)
        assert [row.number for row in source.preamble] == [1]
    finally:
        source.close()


@pytest.mark.parametrize(("header_row", "message"), [
    (0, "the header row is counted from 1, as Excel shows it"),
    (3, "row 3 is empty or missing: it cannot be the header row"),
    (99, "row 99 is empty or missing: it cannot be the header row"),
])
def test_a_header_row_that_is_not_there_is_refused(tmp_path: Path, header_row: int,
                                                   message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text("題名\n\n\n返納理由\n転居\n", encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        open_source(path, "csv", header_row=header_row)
    assert (caught.value.code, str(caught.value)) == ("header_row_not_found", message)


def test_a_file_of_blank_rows_has_no_header(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(",,\n\n,\n", encoding="utf-8")
    with pytest.raises(FormFileError, match=r"^the file has no header row$"):
        open_source(path, "csv")


def test_a_preview_shows_the_top_rows_and_the_header_found(tmp_path: Path) -> None:
    found = preview(ledger_workbook(tmp_path / "ledger.xlsx"), "xlsx")
    assert found.header_number == 3
    assert [number for number, _ in found.rows] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert found.rows[0] == (1, [TITLE]) and found.rows[2] == (3, HEADER)
    assert found.rows[3][1][:2] == ["R5-0001", "2023-06-01"]


def test_a_preview_reaches_a_header_far_down(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("題名\n" * 20 + "番号,返納理由\n" + "1,転居のため\n" * 10, encoding="utf-8")
    found = preview(path, "csv", rows=5)
    assert found.header_number == 21
    assert [number for number, _ in found.rows][-4:] == [21, 22, 23, 24]
    assert found.rows[-1] == (24, ["1", "転居のため"])
