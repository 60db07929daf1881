"""Reading .xlsx sheets by the cells they hold (issue 14, finding 1)."""

import datetime
import tracemalloc
from pathlib import Path

import openpyxl
import pytest

from henno.forms.source import DEFAULT_LIMITS, Limits, SheetRow
from henno.forms.streams import open_source
from henno.model.errors import FormFileError
from tests.security import hostile


def _write(folder: Path, data: bytes, name: str = "f.xlsx") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _rows(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[tuple[int, list[object]]]:
    source = open_source(path, "xlsx", limits=limits)
    try:
        return [(row.number, list(row)) for row in source.rows]
    finally:
        source.close()


def test_a_sparse_sheet_gives_only_its_rows_with_their_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, hostile.sparse_workbook(20_000))
    source = open_source(path, "xlsx")
    assert source.columns == ["返納理由"]
    rows = list(source.rows)
    source.close()
    assert [(row.number, list(row)) for row in rows] == [(20_000, ["転居のため"])]


def test_reading_a_sparse_sheet_allocates_almost_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, hostile.sparse_workbook(20_000))
    tracemalloc.start()
    try:
        _rows(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20  # the padded reader allocated over 250 MB here


@pytest.mark.parametrize(("data", "limits", "code", "message"), [
    (hostile.sparse_workbook(1_048_576), Limits(), "too_many_rows",
     "the file has more than 500,000 rows; split it into smaller files"),
    (hostile.sparse_workbook(11), Limits(max_rows=10), "too_many_rows",
     "the file has more than 10 rows; split it into smaller files"),
    (hostile.wide_workbook("XFD"), Limits(), "too_many_columns",
     "the file has more than 1,000 columns"),
    (hostile.wide_workbook("K"), Limits(max_columns=10), "too_many_columns",
     "the file has more than 10 columns"),
    (hostile.workbook('<row r="x1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'),
     Limits(), "not_tabular", "could not read the sheet: ValueError"),
])
def test_sheets_beyond_the_limits_or_damaged_are_refused(tmp_path: Path, data: bytes,
                                                         limits: Limits, code: str,
                                                         message: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(FormFileError) as caught:
        _rows(path, limits)
    assert (caught.value.code, str(caught.value)) == (code, message)


def test_a_sheet_at_the_limits_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, hostile.wide_workbook("J"))
    assert _rows(path, Limits(max_rows=2, max_columns=10)) == [(2, ["転居のため"])]


def test_values_dates_formulas_and_styled_empty_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["受付日", "番号", "返納理由"])
    sheet.append([datetime.datetime(2023, 6, 1), 1, "転居のため"])
    sheet["C4"] = "=COUNTA(C2:C3)"
    sheet["D5"].font = openpyxl.styles.Font(bold=True)  # styled, holds nothing
    book.save(tmp_path / "f.xlsx")
    source = open_source(tmp_path / "f.xlsx", "xlsx")
    rows = list(source.rows)
    source.close()
    assert [(row.number, list(row)) for row in rows] == [
        (2, [datetime.datetime(2023, 6, 1), 1, "転居のため"]),
        (4, [None, None, None]),  # a formula without a cached result still marks its row
    ]
    assert all(isinstance(row, SheetRow) for row in rows)
    assert [row.formulas for row in rows] == [frozenset(), frozenset({2})]


def test_the_second_sheet_is_read_by_name(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(["メモ"])
    second = book.create_sheet("受付簿")
    second.append(["返納理由"])
    second.append(["転居のため"])
    book.save(tmp_path / "f.xlsx")
    source = open_source(tmp_path / "f.xlsx", "xlsx", sheet="受付簿")
    assert (source.columns, source.sheet_title) == (["返納理由"], "受付簿")
    assert [list(row) for row in source.rows] == [["転居のため"]]
    source.close()
    with pytest.raises(FormFileError, match=r"^no sheet 'x'; sheets: Sheet, 受付簿$"):
        open_source(tmp_path / "f.xlsx", "xlsx", sheet="x")
