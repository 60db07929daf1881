import csv
import json
from collections import Counter
from pathlib import Path

import matplotlib.image
import openpyxl
import pytest

from henno.cli.main import main
from henno.forms.source import SheetRow
from henno.labelling import job as job_module
from henno.labelling.job import LabelOptions, label_file
from henno.labelling.predict import ADDED_COLUMNS
from henno.labelling.row_kinds import NotAForm, row_kind
from henno.model.classifier import Classifier
from henno.model.errors import FormFileError
from henno.model.labels import LABEL_JA, LABELS
from tests.forms import ledger
from tests.forms.ledger import ledger_csv, ledger_workbook

HEADER = ["受付日", "窓口", "返納理由"]
ROWS = [
    ["2023-04-03", "本庁", "来月、県外へ引っ越すため"],
    ["2023-05-10", "北支所", "相次ぐ不祥事で信用できない"],
    ["2023-06-01", "本庁", "保険証が他人に紐付けられていた"],
    ["2023-06-02", "南支所", ""],
    ["2023-06-15", "本庁", "特になし"],
    ["2023-06-20", "北支所", "After numerous scandals I can't trust the system"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([HEADER, *rows])
    return path


def read_csv(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_label_csv_keeps_everything_and_the_encoding(tmp_path: Path, encoding: str,
                                                     small_classifier: Classifier) -> None:
    source = write_csv(tmp_path / "forms.csv", ROWS, encoding)
    output = tmp_path / "out.csv"
    tally = label_file(source, output, small_classifier, LabelOptions(), show_progress=False)
    records = read_csv(output, encoding)
    assert records[0] == HEADER + ADDED_COLUMNS
    assert [r[:3] for r in records[1:]] == ROWS
    assert output.read_bytes().startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    assert all(r[3] in LABELS for i, r in enumerate(records[1:]) if i != 3)
    assert records[4][3:] == ["", "", "", "True", "", "", "", "", "", "", "empty text"]
    assert tally.rows == 6 and tally.errors == 1


def test_encoding_out_converts(tmp_path: Path, small_classifier: Classifier) -> None:
    source = write_csv(tmp_path / "forms.csv", ROWS, "cp932")
    output = tmp_path / "out.csv"
    label_file(source, output, small_classifier, LabelOptions(encoding_out="utf-8-sig"),
               show_progress=False)
    assert read_csv(output, "utf-8-sig")[1][:3] == ROWS[0]


def test_an_undecodable_cell_is_reported_not_fatal(tmp_path: Path,
                                                   small_classifier: Classifier) -> None:
    source = tmp_path / "forms.csv"
    source.write_bytes("受付日,窓口,返納理由\r\n2023-06-01,本庁,転居のため\r\n".encode()
                       + b"2023-06-02,\xe6\x9c\xac,\xff\xfe\xfd\r\n")
    output = tmp_path / "out.csv"
    label_file(source, output, small_classifier, LabelOptions(), show_progress=False)
    lines = output.read_bytes().split(b"\r\n")
    assert lines[2].startswith(b"2023-06-02,\xe6\x9c\xac,\xff\xfe\xfd,")  # bytes kept as they were
    assert lines[2].endswith(b"True,,,,,,,undecodable bytes in the text")


def test_label_xlsx(tmp_path: Path, small_classifier: Classifier) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    book.save(tmp_path / "forms.xlsx")
    label_file(tmp_path / "forms.xlsx", tmp_path / "out.xlsx", small_classifier, LabelOptions(),
               show_progress=False)
    result = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert result.title == sheet.title
    rows = [list(r) for r in result.iter_rows(values_only=True)]
    assert rows[0] == HEADER + ADDED_COLUMNS
    assert [[c or "" for c in r[:3]] for r in rows[1:]] == ROWS
    assert rows[1][3] in LABELS


def test_label_jsonl(tmp_path: Path, small_classifier: Classifier) -> None:
    source = tmp_path / "forms.jsonl"
    source.write_text("".join(json.dumps({"id": i, "reason": r[2]}, ensure_ascii=False) + "\n"
                              for i, r in enumerate(ROWS)) + "not json\n", encoding="utf-8")
    label_file(source, tmp_path / "out.jsonl", small_classifier, LabelOptions(),
               show_progress=False)
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [line.get("id") for line in lines[:6]] == list(range(6))
    assert lines[0]["label"] in LABELS and set(ADDED_COLUMNS) <= set(lines[0])
    assert lines[6]["#invalid_line"] == "not json"
    assert lines[6]["error"] == "the line is not a JSON object"


def test_missing_text_column_lists_the_columns(tmp_path: Path,
                                               small_classifier: Classifier) -> None:
    source = tmp_path / "forms.csv"
    source.write_text("date,memo\n2023-01-01,x\n", encoding="utf-8")
    with pytest.raises(FormFileError, match="columns found: 'date', 'memo'"):
        label_file(source, tmp_path / "o.csv", small_classifier, LabelOptions(),
                   show_progress=False)
    assert not (tmp_path / "o.csv").exists()


def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path: Path,
                                                small_classifier: Classifier,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_module, "CHUNK_ROWS", 7)  # many chunks, so the pool really works
    rows = [[f"2023-0{1 + i % 9}-01", "本庁", text] for i, text in enumerate(
        ["転居のため", "不祥事が続いた", "エラーばかり", "特になし", "信用できない", "死亡"] * 10)]
    source = write_csv(tmp_path / "forms.csv", rows)
    label_file(source, tmp_path / "one.csv", small_classifier, LabelOptions(jobs=1),
               show_progress=False)
    label_file(source, tmp_path / "two.csv", small_classifier, LabelOptions(jobs=2),
               show_progress=False)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_the_input_is_never_overwritten(tmp_path: Path, small_classifier: Classifier) -> None:
    source = write_csv(tmp_path / "forms.csv", ROWS)
    before = source.read_bytes()
    with pytest.raises(FormFileError, match="refusing to overwrite the input"):
        label_file(source, tmp_path / "." / "forms.csv", small_classifier, LabelOptions(),
                   show_progress=False)
    assert source.read_bytes() == before


def test_an_interrupted_run_leaves_no_output(tmp_path: Path, small_classifier: Classifier,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_module, "CHUNK_ROWS", 2)
    original, calls = job_module.label_cells, []

    def interrupted(classifier: Classifier, cells: list[object]) -> list[list[object]]:
        calls.append(1)
        if len(calls) == 2:  # Ctrl-C while the second chunk is being labelled
            raise KeyboardInterrupt
        return original(classifier, cells)

    monkeypatch.setattr(job_module, "label_cells", interrupted)
    source = write_csv(tmp_path / "forms.csv", ROWS)
    with pytest.raises(KeyboardInterrupt):
        label_file(source, tmp_path / "out.csv", small_classifier, LabelOptions(),
                   show_progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms.csv"]



def test_cli_label_with_report(tmp_path: Path, cli_models: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "forms.csv", ROWS, "cp932")
    report = tmp_path / "report"
    assert main(["label", str(source), "--report", str(report), "--group-by", "受付日", "窓口",
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "件数 6 · 判定 5 · 空欄 1 · 読めない 0 · 要確認" in out
    labelled = read_csv(tmp_path / "forms_labelled.csv", "cp932")
    truth = Counter(r[3] for r in labelled[1:] if r[3])  # 判定: the Japanese label
    with open(report / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        summary = list(csv.reader(handle))
    overall = dict(zip(summary[1][1:], summary[2][1:], strict=True))
    assert overall == {**{LABEL_JA[label]: str(truth[LABEL_JA[label]]) for label in LABELS},
                       "空欄": "1", "合計": "6"}
    months = summary[summary.index(["受付日（月）別の件数"]) + 2:][:4]
    assert [(row[0], row[-2], row[-1]) for row in months] == [
        ("2023年4月", "0", "1"), ("2023年5月", "0", "1"), ("2023年6月", "1", "4"),
        ("合計", "1", "6")]  # four rows in June, one of them blank
    for name in ("counts_by_label.png", "group_1.png", "group_2.png"):
        image = matplotlib.image.imread(report / name)
        assert image.shape[0] > 100 and image.shape[1] > 100
    page = (report / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3 and "返納理由の集計" in page


def test_cli_label_refuses_to_overwrite_the_input(tmp_path: Path, cli_models: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "forms.csv", ROWS)
    assert main(["label", str(source), "-o", str(source)]) == 2
    assert "refusing to overwrite the input" in capsys.readouterr().err


def test_cli_report_counts_a_hand_corrected_file(tmp_path: Path, cli_models: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    corrected = tmp_path / "corrected.csv"
    with open(corrected, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["窓口", "返納理由", "label"])
        writer.writerows([["本庁", "a", "relocation"], ["本庁", "b", "relocation"],
                          ["北支所", "c", "other"]])
    assert main(["report", str(corrected), "--group-by", "窓口",
                 "--report", str(tmp_path / "r")]) == 0
    with open(tmp_path / "r" / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        summary = list(csv.reader(handle))
    offices = summary[summary.index(["窓口別の件数"]) + 1:][:4]
    assert offices == [["窓口", *[LABEL_JA[label] for label in LABELS], "空欄", "合計"],
                       ["北支所", "0", "0", "0", "0", "1", "0", "1"],
                       ["本庁", "0", "0", "0", "2", "0", "0", "2"],
                       ["合計", "0", "0", "0", "2", "1", "0", "3"]]
    assert "件数 3 · 判定 3" in capsys.readouterr().out



def test_a_csv_ledger_keeps_its_title_rows_and_labels_only_forms(
        tmp_path: Path, small_classifier: Classifier) -> None:
    source = ledger_csv(tmp_path / "ledger.csv")
    output = tmp_path / "out.csv"
    label_file(source, output, small_classifier, LabelOptions(), show_progress=False)
    rows = read_csv(output, "cp932")
    assert rows[:3] == [[ledger.TITLE, "", "", ""], [ledger.NOTE, "", "", ""], ["", "", "", ""]]
    assert rows[3] == [*ledger.HEADER, *ADDED_COLUMNS]
    assert [row[4] in LABELS for row in rows[4:6]] == [True, True]
    assert rows[6][4:] == ["", "", "", "True", *[""] * len(LABELS), "", "empty text"]
    assert rows[7][:4] == ["合計", "", "", "3"]
    assert (rows[7][4], rows[7][-1]) == ("", "a total row")


@pytest.mark.parametrize(("row", "kind"), [
    (["合計", "", "", "3"], "a total row"),
    (["", "小 計", None, "12"], "a total row"),
    (["計：", 5], "a total row"),
    (["", None, ""], "a blank row"),
    ([], "a blank row"),
    (SheetRow(["R5-9", "6/1", "本庁", 3], 9, frozenset({3})), "a formula in the reason cell"),
    (SheetRow(["合計", None, None, 3], 9, frozenset({3})), "a total row"),  # =COUNTA(…)
    (["R5-1", "6/1", "本庁", ""], None),  # a form left blank is still a form
    (["R5-1", "6/1", "本庁", "会計の不祥事"], None),
])
def test_rows_that_are_not_forms(row: list[object], kind: str | None) -> None:
    found = row_kind(row, 3)
    assert (found if found is None else str(found)) == kind
    assert found is None or isinstance(found, NotAForm)


def test_the_header_row_can_be_named_for_labelling(tmp_path: Path,
                                                   small_classifier: Classifier) -> None:
    source = tmp_path / "f.csv"
    source.write_text("返納理由\nメモ,理由\na,転居のため\n", encoding="utf-8")
    label_file(source, tmp_path / "o.csv", small_classifier,
               LabelOptions(header_row=2, text_column="理由"), show_progress=False)
    rows = read_csv(tmp_path / "o.csv")
    assert rows[0] == ["返納理由"] and rows[1] == ["メモ", "理由", *ADDED_COLUMNS]
    assert rows[2][:2] == ["a", "転居のため"] and rows[2][2] in LABELS


def test_an_xlsx_ledger_labels_only_its_forms(tmp_path: Path,
                                              small_classifier: Classifier) -> None:
    source = ledger_workbook(tmp_path / "ledger.xlsx")
    output = tmp_path / "out.xlsx"
    label_file(source, output, small_classifier, LabelOptions(), show_progress=False)
    sheet = openpyxl.load_workbook(output)["受付簿"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == ledger.TITLE and rows[1][0] == ledger.NOTE
    assert rows[2][:5] == [*ledger.HEADER, "label"]
    assert rows[3][4] in LABELS and rows[4][4] in LABELS
    total = rows[ledger.TOTAL_ROW - 1]
    assert total[0] == "合計" and total[4] in ("", None)
    assert total[-1] == "a total row"


def test_a_formula_in_a_tally_column_is_tallied_as_its_value(
        tmp_path: Path, small_classifier: Classifier) -> None:
    # Only the reason cell decides whether a row is a form: a 窓口 filled by a formula is
    # data, not "a formula in the reason cell".
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["返納理由", "窓口"])
    sheet.append(["来月、県外へ引っ越すため", '="本庁"'])  # no cached value: read as empty
    sheet.append(["相次ぐ不祥事で信用できない", "北支所"])
    book.save(tmp_path / "forms.xlsx")
    tally = label_file(tmp_path / "forms.xlsx", tmp_path / "out.xlsx", small_classifier,
                       LabelOptions(group_by=["窓口"]), show_progress=False)
    assert set(tally.group_values[0]) == {"", "北支所"}
    assert tally.rows == 2 and sum(tally.counts()) == 2
