"""The column of every counted reason in each labelled file (CSV, kept and streamed .xlsx,
JSON Lines; for people and for programs), and its count when the file is read back."""

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from henno.labelling import output_file
from henno.labelling.job import LabelOptions, label_file, read_labelled
from henno.labelling.labelled_files import read_labelled_files
from henno.labelling.output_columns import ColumnSet
from henno.labelling.tally import Tally
from henno.model.classifier import Classifier
from henno.model.errors import FormFileError
from henno.model.labels import LABELS
from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]

HEADER = ["受付番号", "窓口", "返納理由"]
ROWS = [["A-1", "本庁", "来月引っ越す予定だし、不祥事にもうんざりしたので"],
        ["A-2", "本庁", "引っ越しではなく、不祥事です"],
        ["A-3", "北支所", ""]]
EXPECTED = {ColumnSet.JA: ["転居、相次ぐ不祥事", "相次ぐ不祥事", ""],
            ColumnSet.EN: ["relocation;scandal", "scandal", ""]}
EXPECTED_LISTS = {ColumnSet.JA: [["転居", "相次ぐ不祥事"], ["相次ぐ不祥事"], []],
                  ColumnSet.EN: [["relocation", "scandal"], ["scandal"], []]}
COLUMN = {ColumnSet.JA: "理由（すべて）", ColumnSet.EN: "reasons"}
# Per label, in LABELS order: scandal twice (once as the primary label), relocation once.
MENTIONS = [0, 2, 0, 1, 0]


def _write(path: Path) -> Path:
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in [HEADER, *ROWS]:
            book.active.append(row)
        book.save(path)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) + "\n"
                                for row in ROWS), encoding="utf-8")
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *ROWS])
    return path


def _column(path: Path, name: str) -> list[Any]:
    if path.suffix == ".jsonl":
        return [json.loads(line)[name] for line in path.read_text("utf-8").splitlines()]
    if path.suffix == ".xlsx":
        rows = [[c if c is not None else "" for c in row]
                for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    else:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    return [row[rows[0].index(name)] for row in rows[1:]]


def _label(tmp_path: Path, suffix: str, columns: ColumnSet, model: Classifier) -> tuple[Path,
                                                                                         Tally]:
    output = tmp_path / f"out{suffix}"
    tally = label_file(_write(tmp_path / f"forms{suffix}"), output, model,
                       LabelOptions(columns=columns, group_by=["窓口"]), show_progress=False)
    return output, tally


@pytest.mark.usefixtures("several_reasons")
@pytest.mark.parametrize("columns", list(ColumnSet))
@pytest.mark.parametrize(("suffix", "kept"), [(".csv", False), (".xlsx", True),
                                              (".xlsx", False), (".jsonl", False)])
def test_a_labelled_file_lists_every_counted_reason(
        tmp_path: Path, small_classifier: Classifier, monkeypatch: pytest.MonkeyPatch,
        suffix: str, kept: bool, columns: ColumnSet) -> None:
    if not kept:
        monkeypatch.setattr(output_file, "keepable", lambda path: False)
    output, tally = _label(tmp_path, suffix, columns, small_classifier)
    expected = EXPECTED_LISTS if suffix == ".jsonl" else EXPECTED
    assert _column(output, COLUMN[columns]) == expected[columns]
    assert tally.mention_counts() == MENTIONS
    assert tally.counts() == [0, 1, 0, 1, 0]


@pytest.mark.usefixtures("several_reasons")
@pytest.mark.parametrize("columns", list(ColumnSet))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_reading_a_labelled_file_back_counts_its_reasons(
        tmp_path: Path, small_classifier: Classifier, suffix: str, columns: ColumnSet) -> None:
    output, _ = _label(tmp_path, suffix, columns, small_classifier)
    assert read_labelled_files([output], ["窓口"]).mention_counts() == MENTIONS
    assert read_labelled(output, None, None, None, ["窓口"]).mention_counts() == MENTIONS


@pytest.mark.usefixtures("several_reasons")
def test_labelling_a_labelled_file_again_replaces_the_reasons_column(
        tmp_path: Path, small_classifier: Classifier) -> None:
    first, _ = _label(tmp_path, ".csv", ColumnSet.JA, small_classifier)
    again = tmp_path / "again.csv"
    tally = label_file(first, again, small_classifier, LabelOptions(columns=ColumnSet.EN),
                       show_progress=False)
    assert "理由（すべて）" in tally.replaced_columns
    with open(again, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert "理由（すべて）" not in header and header.count("reasons") == 1


@pytest.mark.parametrize(("cell", "counts"), [
    ("転居・相次ぐ不祥事", [0, 1, 0, 1, 0]),
    ("", [0, 0, 0, 1, 0]),  # the label is always among its row's reasons
    ("相次ぐ不祥事", [0, 1, 0, 1, 0]),  # a label corrected by hand, the reasons not
])
def test_a_file_edited_by_hand_counts_its_label_and_reasons(tmp_path: Path, cell: str,
                                                             counts: list[int]) -> None:
    path = tmp_path / "edited.csv"
    path.write_text(f"返納理由,判定,理由（すべて）,判定コード,要確認,判定メモ\nx,転居,{cell},relocation,,\n",
                    encoding="utf-8")
    assert read_labelled_files([path], []).mention_counts() == counts


def test_a_reasons_cell_naming_no_label_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "edited.csv"
    path.write_text("返納理由,判定,理由（すべて）,判定コード,要確認,判定メモ\n"
                    "x,転居,転居・引っ越し,relocation,,\n", encoding="utf-8")
    with pytest.raises(FormFileError) as raised:
        read_labelled_files([path], [])
    assert str(raised.value) == (
        "edited.csv, row 2: 理由（すべて） '引っ越し' names no label; use one of "
        f"{', '.join(LABELS)} or 制度への不信、相次ぐ不祥事、誤り・不具合、転居、その他")


@pytest.mark.usefixtures("several_reasons")
@pytest.mark.parametrize("columns", list(ColumnSet))
def test_the_reasons_column_is_never_taken_for_the_reason_text(
        tmp_path: Path, small_classifier: Classifier, columns: ColumnSet) -> None:
    # 理由（すべて） reads as 理由 once its brackets are dropped, and reasons holds "reason":
    # a ledger whose text column is 返納事由 must still be read from 返納事由 when labelled again.
    source = tmp_path / "ledger.csv"
    source.write_text("受付番号,返納事由\nA-1,来月引っ越す予定だし、不祥事にもうんざりしたので\n",
                      encoding="utf-8")
    first, again = tmp_path / "first.csv", tmp_path / "again.csv"
    label_file(source, first, small_classifier, LabelOptions(columns=columns),
               show_progress=False)
    label_file(first, again, small_classifier, LabelOptions(columns=columns),
               show_progress=False)
    assert _column(again, COLUMN[columns]) == EXPECTED[columns][:1]
