"""`label_file` on an .xlsx: the workbook comes back whole with the label columns added; a
workbook too big to load whole is streamed as the labelled sheet alone."""

import datetime
from pathlib import Path

import openpyxl
import pytest

from henno.forms import workbook
from henno.labelling.job import LabelOptions, label_file
from henno.labelling.output_columns import PEOPLE_COLUMNS, ColumnSet
from henno.model.classifier import Classifier
from henno.model.errors import FormFileError
from henno.model.labels import LABELS
from tests.forms.test_workbook import ledger, looks
from tests.security import hostile

HEADER = ["受付番号", "受付日", "返納理由"]


def _ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "受付簿"
    sheet.append(HEADER)
    for number, text in enumerate(["来月、県外へ引っ越すため", "=1+1", ""], start=1):
        sheet.append([f"R5-{number:04}", datetime.datetime(2023, 4, number), text])
        sheet.cell(number + 1, 2).number_format = "yyyy/mm/dd"
        sheet.cell(number + 1, 3).data_type = "s"
    sheet.column_dimensions["C"].width = 40
    book.create_sheet("集計")["A1"] = "=COUNTA(受付簿!C2:C4)"
    book.save(path)
    return path


def _label(tmp_path: Path, model: Classifier) -> openpyxl.Workbook:
    output = tmp_path / "out.xlsx"
    label_file(_ledger(tmp_path / "ledger.xlsx"), output, model,
               LabelOptions(columns=ColumnSet.JA), show_progress=False)
    return openpyxl.load_workbook(output)


def test_label_xlsx_keeps_the_workbook(tmp_path: Path, small_classifier: Classifier) -> None:
    book = _label(tmp_path, small_classifier)
    assert book.sheetnames == ["受付簿", "集計"]
    assert book["集計"]["A1"].value == "=COUNTA(受付簿!C2:C4)"
    sheet = book["受付簿"]
    assert [cell.value for cell in sheet[1]] == HEADER + PEOPLE_COLUMNS
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy/mm/dd"
    assert sheet.column_dimensions["C"].width == 40
    assert (sheet["C3"].value, sheet["C3"].data_type) == ("=1+1", "s")
    assert sheet["H4"].value == "空欄"
    confidence = sheet["F2"]  # 確からしさ: a number shown as a percentage
    assert isinstance(confidence.value, float) and confidence.number_format == "0.0%"


def test_label_xlsx_too_big_to_keep_is_streamed(tmp_path: Path, small_classifier: Classifier,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_KEPT_BYTES", 1000)
    book = _label(tmp_path, small_classifier)
    assert book.sheetnames == ["受付簿"]
    sheet = book["受付簿"]
    assert isinstance(sheet["F2"].value, float) and sheet["F2"].number_format == "0.0%"
    assert [cell.value for cell in sheet[1]] == HEADER + PEOPLE_COLUMNS
    assert (sheet["C3"].value, sheet["C3"].data_type) == ("=1+1", "s")


def test_label_a_hostile_sparse_workbook_is_refused_before_it_is_kept(
        tmp_path: Path, small_classifier: Classifier) -> None:
    source = tmp_path / "sparse.xlsx"
    source.write_bytes(hostile.workbook(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>返納理由</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>転居のため</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        "A1:XFD1048576"))
    with pytest.raises(FormFileError, match="more than 1,000 columns"):
        label_file(source, tmp_path / "out.xlsx", small_classifier,
                   LabelOptions(columns=ColumnSet.JA), show_progress=False)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sparse.xlsx"]


def test_label_a_ledger_round_trip_keeps_every_cell(tmp_path: Path,
                                                    small_classifier: Classifier) -> None:
    source, output = ledger(tmp_path / "ledger.xlsx"), tmp_path / "out.xlsx"
    tally = label_file(source, output, small_classifier, LabelOptions(columns=ColumnSet.JA),
                       show_progress=False)
    before, after = openpyxl.load_workbook(source), openpyxl.load_workbook(output)
    assert after.sheetnames == before.sheetnames
    for sheet in before.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert looks(after[sheet.title][cell.coordinate]) == looks(cell), cell.coordinate
    kept = after["受付簿"]
    assert [str(r) for r in kept.merged_cells.ranges] == ["A1:D1"]
    assert kept.column_dimensions["D"].width == 42
    assert [kept.cell(3, c).value for c in range(5, 5 + len(PEOPLE_COLUMNS))] == PEOPLE_COLUMNS
    assert all(kept.cell(r, 6).value in LABELS for r in range(4, 8))  # 判定コード
    assert [kept.cell(r, 5).value for r in (1, 2)] == [None, None]  # nothing above the header
    assert tally.rows >= 4
