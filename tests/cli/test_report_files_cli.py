"""`henno report FILE...`: labels read from either column set, several files, typos refused
(issue 10 §3)."""

import csv
from pathlib import Path

import openpyxl
import pytest

from henno.cli.main import main

PEOPLE = ["受付日", "窓口", "返納理由", "判定", "判定コード", "確からしさ", "要確認", "判定メモ"]
MACHINE = ["受付日", "窓口", "返納理由", "label", "label_ja", "needs_review", "error"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def summary(folder: Path) -> list[list[str]]:
    with open(folder / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_twelve_monthly_files_make_one_report(tmp_path: Path, cli_models: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    files = [write_csv(tmp_path / f"2023-{m:02d}.csv", PEOPLE, [
        [f"2023-{m:02d}-01", "本庁", "引っ越し", "転居", "relocation", "97.0%", "", ""],
        [f"2023-{m:02d}-02", "本庁", "", "", "", "", "", "空欄"]]) for m in range(1, 13)]
    report = tmp_path / "r"
    assert main(["report", *map(str, files), "--group-by", "受付日", "--report",
                 str(report)]) == 0
    assert capsys.readouterr().out.startswith(
        "件数 24 · 判定 12 · 空欄 12 · 読めない 0 · 要確認 0 · 確認済み 0\n")
    rows = summary(report)
    months = [row[0] for row in rows[rows.index(["受付日（月）別の件数"]) + 2:][:13]]
    assert months == [f"2023年{m}月" for m in range(1, 13)] + ["合計"]
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "2023-01.csv、2023-02.csv" in page and "2023年1月〜2023年12月" in page


@pytest.mark.parametrize(("header", "row", "expected"), [
    (PEOPLE, ["2023-04-01", "本庁", "x", "転居", "other", "", "", ""], "転居"),  # 判定 wins
    (PEOPLE, ["2023-04-01", "本庁", "x", "", "relocation", "", "", ""], "転居"),
    (PEOPLE, ["2023-04-01", "本庁", "x", "relocation", "", "", "", ""], "転居"),
    (MACHINE, ["2023-04-01", "本庁", "x", "other", "転居", "False", ""], "転居"),  # label_ja
    (MACHINE, ["2023-04-01", "本庁", "x", "転居", "", "False", ""], "転居"),
])
def test_a_label_in_either_column_and_either_form(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str],
        header: list[str], row: list[str], expected: str) -> None:
    source = write_csv(tmp_path / "l.csv", header, [row])
    assert main(["report", str(source), "--report", str(tmp_path / "r")]) == 0
    rows = summary(tmp_path / "r")
    counts = dict(zip(rows[1], rows[2], strict=True))
    assert counts[expected] == "1" and counts["合計"] == "1"


@pytest.mark.parametrize(("header", "row", "message"), [
    (PEOPLE, ["", "", "x", "転居x", "", "", "", ""],
     "l.csv, row 3: 判定 '転居x' names no label; use one of system_distrust, scandal, errors, "
     "relocation, other or 制度への不信、相次ぐ不祥事、誤り・不具合、転居、その他"),
    (MACHINE, ["", "", "x", "relocatoin", "", "", ""],
     "l.csv, row 3: label 'relocatoin' names no label; use one of"),
])
def test_a_label_that_names_none_is_an_error_naming_the_row(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str],
        header: list[str], row: list[str], message: str) -> None:
    ok = ["", "", "a", *(["転居", "relocation", "", "", ""] if header is PEOPLE
                         else ["relocation", "転居", "", ""])]
    source = write_csv(tmp_path / "l.csv", header, [ok, row])
    assert main(["report", str(source), "--report", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err.startswith(f"henno: error: {message}")
    assert not (tmp_path / "r").exists()


def test_a_workbook_row_is_named_as_excel_shows_it(tmp_path: Path, cli_models: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["令和5年度 返納受付簿"])
    sheet.append(PEOPLE)
    sheet.append(["2023-04-01", "本庁", "x", "転居", "relocation", "", "", ""])
    sheet.append(["2023-04-02", "本庁", "y", "てんきょ", "", "", "", ""])
    book.save(tmp_path / "l.xlsx")
    assert main(["report", str(tmp_path / "l.xlsx"), "--report", str(tmp_path / "r")]) == 2
    assert "l.xlsx, row 4: 判定 'てんきょ' names no label" in capsys.readouterr().err


def test_a_json_lines_file_with_people_columns(tmp_path: Path, cli_models: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "l.jsonl"
    source.write_text(
        '{"窓口": "本庁", "返納理由": "x", "判定": "転居", "判定コード": "relocation", '
        '"要確認": "", "判定メモ": ""}\n'
        '{"窓口": "本庁", "返納理由": "", "判定": "", "判定コード": "", "要確認": "", '
        '"判定メモ": "空欄"}\n', encoding="utf-8")
    assert main(["report", str(source), "--group-by", "窓口", "--report",
                 str(tmp_path / "r")]) == 0
    assert capsys.readouterr().out.startswith("件数 2 · 判定 1 · 空欄 1 · 読めない 0 ·")
    assert ["本庁", "0", "0", "0", "1", "0", "1", "2"] in summary(tmp_path / "r")


def test_reviewed_rows_are_counted_and_not_left_to_review(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "l.csv", [*PEOPLE, "確認者"], [
        ["2023-04-01", "本庁", "x", "転居", "other", "51.0%", "要確認", "", "佐藤花子"],
        ["2023-04-02", "本庁", "y", "その他", "other", "52.0%", "要確認", "", ""]])
    assert main(["report", str(source), "--report", str(tmp_path / "r")]) == 0
    assert capsys.readouterr().out.startswith(
        "件数 2 · 判定 2 · 空欄 0 · 読めない 0 · 要確認 1 · 確認済み 1\n")
