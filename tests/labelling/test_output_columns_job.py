"""`label_file` with the Japanese columns for people, and labelling a labelled file again."""

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from henno.labelling.job import LabelOptions, label_file, read_labelled
from henno.labelling.output_columns import MACHINE_COLUMNS, PEOPLE_COLUMNS, ColumnSet
from henno.model.classifier import Classifier
from henno.model.labels import LABEL_JA, LABELS

HEADER = ["受付番号", "返納理由"]
ROWS = [["A-1", "来月、県外へ引っ越すため"], ["A-2", ""], ["A-3", "=1+1"],
        ["A-4", "@SUM(A1)"]]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _label(source: Path, output: Path, model: Classifier, columns: ColumnSet) -> list[str]:
    tally = label_file(source, output, model, LabelOptions(columns=columns),
                       show_progress=False)
    return tally.replaced_columns


def test_label_csv_for_people_has_japanese_columns(tmp_path: Path,
                                                   small_classifier: Classifier) -> None:
    output = tmp_path / "out.csv"
    _label(_csv(tmp_path / "forms.csv", [HEADER, *ROWS]), output, small_classifier,
           ColumnSet.JA)
    header, moved, blank, formula, at_sign = _read(output)
    assert header == HEADER + PEOPLE_COLUMNS
    assert moved[2] == LABEL_JA[moved[3]] == moved[7] and moved[3] in LABELS
    assert moved[4].endswith("%") and len(moved[4].split(".")[1]) == 2  # "97.3%"
    assert blank == ["A-2", "", "", "", "", "", "空欄", ""]
    assert (formula[1], at_sign[1]) == ("'=1+1", "'@SUM(A1)")  # a CSV for Excel: inert


def test_label_csv_for_programs_keeps_machine_columns_and_text(
        tmp_path: Path, small_classifier: Classifier) -> None:
    output = tmp_path / "out.csv"
    _label(_csv(tmp_path / "forms.csv", [HEADER, *ROWS]), output, small_classifier,
           ColumnSet.EN)
    records = _read(output)
    assert records[0] == HEADER + MACHINE_COLUMNS
    assert [row[1] for row in records[1:]] == [row[1] for row in ROWS]


@pytest.mark.parametrize(("first", "second"), [
    (ColumnSet.JA, ColumnSet.JA), (ColumnSet.EN, ColumnSet.EN),
    (ColumnSet.EN, ColumnSet.JA), (ColumnSet.JA, ColumnSet.EN)])
def test_label_a_labelled_csv_replaces_its_columns(tmp_path: Path, first: ColumnSet,
                                                   second: ColumnSet,
                                                   small_classifier: Classifier) -> None:
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    assert _label(_csv(tmp_path / "forms.csv", [HEADER, *ROWS]), once, small_classifier,
                  first) == []
    replaced = _label(once, twice, small_classifier, second)
    assert replaced == (PEOPLE_COLUMNS if first is ColumnSet.JA else MACHINE_COLUMNS)
    records = _read(twice)
    added = PEOPLE_COLUMNS if second is ColumnSet.JA else MACHINE_COLUMNS
    assert records[0] == HEADER + added
    assert all(len(row) == len(records[0]) for row in records)


def test_label_a_labelled_json_lines_file_replaces_its_keys(
        tmp_path: Path, small_classifier: Classifier) -> None:
    source = tmp_path / "forms.jsonl"
    source.write_text("".join(json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) + "\n"
                              for row in ROWS), encoding="utf-8")
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    _label(source, once, small_classifier, ColumnSet.EN)
    _label(once, twice, small_classifier, ColumnSet.JA)
    first = json.loads(twice.read_text(encoding="utf-8").splitlines()[0])
    assert list(first) == HEADER + PEOPLE_COLUMNS


def test_label_xlsx_for_people_keeps_formula_like_text_as_text(
        tmp_path: Path, small_classifier: Classifier) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    for cell in sheet["B"]:
        cell.data_type = "s"  # typed as text, as Excel keeps a cell entered with a quote
    source = tmp_path / "forms.xlsx"
    book.save(source)
    output = tmp_path / "out.xlsx"
    _label(source, output, small_classifier, ColumnSet.JA)
    result = openpyxl.load_workbook(output).worksheets[0]
    texts = {cell.value: cell.data_type for cell in result["B"] if cell.value}
    assert texts["=1+1"] == "s" and texts["@SUM(A1)"] == "s"


@pytest.mark.parametrize("columns", list(ColumnSet))
def test_read_labelled_counts_a_file_of_either_set(tmp_path: Path, columns: ColumnSet,
                                                   small_classifier: Classifier) -> None:
    output = tmp_path / "out.csv"
    rows = [HEADER, *ROWS, ["A-5", "よくわからない"], ["A-6", "なんとなく"]]
    labelled = label_file(_csv(tmp_path / "forms.csv", rows), output, small_classifier,
                          LabelOptions(columns=columns), show_progress=False)
    read = read_labelled(output, None, None, None, [])
    assert read.counts() == labelled.counts()
    assert list(read.flagged) == list(labelled.flagged)


@pytest.mark.parametrize("columns", list(ColumnSet))
def test_read_labelled_counts_a_json_lines_file_of_either_set(
        tmp_path: Path, columns: ColumnSet, small_classifier: Classifier) -> None:
    source, output = tmp_path / "forms.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) + "\n"
                              for row in ROWS), encoding="utf-8")
    labelled = label_file(source, output, small_classifier, LabelOptions(columns=columns),
                          show_progress=False)
    read = read_labelled(output, None, None, None, [])
    assert read.counts() == labelled.counts() and sum(read.counts()) > 0
    assert list(read.flagged) == list(labelled.flagged)
