"""The input workbook kept, cell by cell, with the label columns added to the labelled sheet."""

import datetime
import errno
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from henno.forms import workbook
from henno.forms.workbook import KeptWorkbook, LabelledRow, Percent, keepable
from tests.forms.ledger import HEADER, TITLE

DATA = [
    ["R5-0001", datetime.datetime(2023, 4, 3), "本庁", "来月、県外へ引っ越すため"],
    ["R5-0002", datetime.datetime(2023, 5, 10), "北支所", '=HYPERLINK("http://example.com","x")'],
    ["R5-0003", datetime.datetime(2023, 6, 1), "本庁", "+81 90-0000-0000 に連絡を"],
    ["R5-0004", datetime.datetime(2023, 6, 2), "南支所", "@SUM(A1)"],
]
ADDED = ["判定", "判定コード", "確からしさ", "要確認", "判定メモ"]
HEADER_FILL = PatternFill("solid", start_color="FFDDEBF7")


def ledger(path: Path, extra_header: tuple[str, ...] = (), extra: tuple[Any, ...] = ()) -> Path:
    """A ledger as a city hall keeps it: merged title, a note row, the header in row 3,
    dates with a number format, widths, a 合計 row with a COUNTA formula, a second sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "受付簿"
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "※取扱注意"
    for column, name in enumerate([*HEADER, *extra_header], start=1):
        cell = sheet.cell(3, column, name)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row, values in enumerate(DATA, start=4):
        for column, value in enumerate([*values, *extra], start=1):
            cell = sheet.cell(row, column, value)
            if isinstance(value, str):
                cell.data_type = "s"  # typed as text, as Excel keeps a reason entered as text
        sheet.cell(row, 2).number_format = "yyyy/mm/dd"
    sheet["A8"], sheet["D8"] = "合計", "=COUNTA(D4:D7)"
    sheet.column_dimensions["D"].width = 42
    sheet.column_dimensions["B"].width = 12
    summary = book.create_sheet("集計")
    summary["A1"], summary["B1"] = "件数", "=COUNTA(受付簿!D4:D7)"
    summary["A2"] = 0.25
    summary["A2"].number_format = "0.0%"
    book.save(path)
    return path


def _cells(book: Any) -> Iterator[tuple[str, str, Any]]:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet.title, cell.coordinate, cell


def looks(cell: Any) -> tuple[Any, ...]:
    """What a clerk sees of a cell: value, type, number format, font, fill, borders."""
    return (cell.value, cell.data_type, cell.number_format, repr(cell.font), repr(cell.fill),
            repr(cell.border), repr(cell.alignment))


def _write(source: Path, output: Path, replaced: list[int], header: list[str]) -> None:
    kept = KeptWorkbook(source, output, "受付簿", 3, header, replaced, ADDED)
    kept.write([LabelledRow(header, None, [])])
    kept.write([LabelledRow(values, number, ["転居", "relocation", Percent(0.973), "", ""])
                for number, values in enumerate(DATA, start=4)])
    kept.commit()


def test_kept_workbook_keeps_every_cell_and_adds_the_columns(tmp_path: Path,
                                                             system_temp: Path) -> None:
    source, output = ledger(tmp_path / "ledger.xlsx"), tmp_path / "out" / "ledger.xlsx"
    output.parent.mkdir()
    _write(source, output, [], HEADER)
    before, after = openpyxl.load_workbook(source), openpyxl.load_workbook(output)
    assert after.sheetnames == before.sheetnames == ["受付簿", "集計"]
    for title, coordinate, cell in _cells(before):
        kept = after[title][coordinate]
        assert looks(kept) == looks(cell), f"{title}!{coordinate}"
    sheet = after["受付簿"]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert (sheet.column_dimensions["D"].width, sheet.column_dimensions["B"].width) == (42, 12)
    assert (sheet["D8"].value, sheet["D8"].data_type) == ("=COUNTA(D4:D7)", "f")
    assert after["集計"]["B1"].value == "=COUNTA(受付簿!D4:D7)"
    assert sheet["B4"].is_date and sheet["B4"].value == datetime.datetime(2023, 4, 3)
    assert [sheet.cell(3, c).value for c in range(5, 10)] == ADDED
    assert all(looks(sheet.cell(3, c))[2:] == looks(sheet["D3"])[2:] for c in range(5, 10))
    assert [sheet.cell(4, c).value for c in range(5, 10)] == [
        "転居", "relocation", 0.973, None, None]
    assert sheet.cell(4, 7).number_format == "0.0%"  # 確からしさ: a number Excel shows as 97.3%
    assert all(sheet.cell(r, 4).data_type == "s" for r in range(4, 8))
    assert (sheet["A1"].value, sheet["A2"].value) == (TITLE, "※取扱注意")
    assert sorted(p.name for p in output.parent.iterdir()) == ["ledger.xlsx"]
    assert list(system_temp.iterdir()) == []


def test_kept_workbook_replaces_a_previous_labelling(tmp_path: Path) -> None:
    machine = ["label", "label_ja", "confidence", "needs_review", "error"]
    source = ledger(tmp_path / "ledger.xlsx", tuple(machine), ("other", "その他", 0.5, True, ""))
    output = tmp_path / "out.xlsx"
    _write(source, output, [4, 5, 6, 7, 8], [*HEADER, *machine])
    sheet = openpyxl.load_workbook(output)["受付簿"]
    assert [sheet.cell(3, c).value for c in range(1, 11)] == [*HEADER, *ADDED, None]
    assert [sheet.cell(5, c).value for c in range(5, 11)] == [
        "転居", "relocation", 0.973, None, None, None]


def test_kept_workbook_discard_leaves_nothing(tmp_path: Path, system_temp: Path) -> None:
    source = ledger(tmp_path / "ledger.xlsx")
    folder = tmp_path / "job"
    folder.mkdir()
    kept = KeptWorkbook(source, folder / "out.xlsx", "受付簿", 3, HEADER, [], ADDED)
    kept.write([LabelledRow(HEADER, None, [])])
    kept.discard()
    assert list(folder.iterdir()) == [] and list(system_temp.iterdir()) == []


@pytest.mark.parametrize(("name", "limit", "kept"), [
    ("ledger.xlsx", 20 * 2**20, True),
    ("ledger.xlsm", 20 * 2**20, False),  # saved by openpyxl its macros would be lost
    ("ledger.xlsx", 1000, False),  # too big to load whole: streamed
])
def test_keepable_says_which_workbooks_are_kept(tmp_path: Path, name: str, limit: int,
                                                kept: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_KEPT_BYTES", limit)
    assert keepable(ledger(tmp_path / name)) is kept


def test_keepable_refuses_a_broken_zip(tmp_path: Path) -> None:
    broken = tmp_path / "ledger.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert keepable(broken) is False


def test_kept_workbook_on_a_full_disk_leaves_nothing(tmp_path: Path, system_temp: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = ledger(tmp_path / "ledger.xlsx")
    folder = tmp_path / "job"
    folder.mkdir()
    kept = KeptWorkbook(source, folder / "out.xlsx", "受付簿", 3, HEADER, [], ADDED)
    kept.write([LabelledRow(HEADER, None, [])])

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full_disk)  # while a sheet is zipped
    with pytest.raises(OSError, match="No space left on device"):
        kept.commit()
    kept.discard()
    assert list(folder.iterdir()) == [] and list(system_temp.iterdir()) == []
