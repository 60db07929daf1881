"""Bad inputs and odd files for `henno label` and `henno report` (found in review)."""

import csv
import json
import zipfile
from pathlib import Path

import pytest

from henno.cli.main import main
from henno.forms.columns import listing
from henno.model.labels import LABELS
from henno.settings import get_settings
from tests.security import hostile


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(("encoding", "message"), [
    ("cp932", "cannot write '🙏' in cp932"),
    ("no-such-codec", "unknown encoding 'no-such-codec'"),
])
def test_unwritable_output_encoding_exits_2_and_leaves_nothing(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str], encoding: str,
        message: str) -> None:
    source = tmp_path / "f.csv"
    source.write_text("返納理由\n引っ越しのため🙏\n", encoding="utf-8")
    code, _, err = _run(["label", str(source), "-o", str(tmp_path / "o.csv"), "--encoding-out",
                         encoding, "--quiet"], capsys)
    assert code == 2 and message in err
    assert not (tmp_path / "o.csv").exists() and _leftovers(tmp_path) == []


def test_output_that_is_a_directory_is_refused(tmp_path: Path, cli_models: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.csv"
    source.write_text("理由\n転居\n", encoding="utf-8")
    (tmp_path / "adir").mkdir()
    code, _, err = _run(["label", str(source), "-o", str(tmp_path / "adir")], capsys)
    assert code == 2 and "is a directory" in err


def test_report_folder_that_is_a_file_is_refused_before_any_work(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.csv"
    source.write_text("理由\n転居\n", encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    code, _, err = _run(["label", str(source), "--report", str(tmp_path / "afile")], capsys)
    assert code == 2 and "is a file; name a folder" in err
    assert not (tmp_path / "f_labelled.csv").exists()


def test_unterminated_quote_is_an_error_not_a_merged_row(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.csv"
    source.write_text('reason,id\n"unterminated,1\nsecond row,2\n', encoding="utf-8")
    code, _, err = _run(["label", str(source), "--quiet"], capsys)
    assert code == 2 and "not a valid CSV file" in err
    assert not (tmp_path / "f_labelled.csv").exists()


def test_extra_cells_and_oversized_cells_keep_their_rows(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.csv"
    huge = "あ" * (2**20 + 10)
    source.write_text(f"reason,id\n転居のため,1,extra-a,extra-b\n{huge},2\n特になし,3\n",
                      encoding="utf-8")
    assert _run(["label", str(source), "--quiet", "--columns", "en"], capsys)[0] == 0
    with open(tmp_path / "f_labelled.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:2] == ["転居のため", "1"] and rows[1][-2:] == ["extra-a", "extra-b"]
    assert rows[2][-1].startswith("a cell longer than 1,048,576 characters")
    assert rows[3][:2] == ["特になし", "3"]


def test_jsonl_with_escaped_surrogates_stays_valid(tmp_path: Path, cli_models: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.jsonl"
    source.write_text('{"reason": "\\ud800x"}\n{"reason": "\\udc80y"}\n', encoding="utf-8")
    assert _run(["label", str(source), "--quiet"], capsys)[0] == 0
    text = (tmp_path / "f_labelled.jsonl").read_bytes().decode("utf-8")  # valid UTF-8
    assert [json.loads(line)["reason"] for line in text.splitlines()] == ["\ud800x", "\udc80y"]


def test_report_of_a_hand_edited_file_counts_labels_without_model_corrections(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = tmp_path / "edited.csv"
    scores = ["0.9", "0.025", "0.025", "0.025", "0.025"]
    with open(edited, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["理由", "label", *[f"score_{label}" for label in LABELS]])
        writer.writerow(["a", "system_distrust", *scores])
        writer.writerow(["b", "転居", *scores])  # corrected by hand, in Japanese
        writer.writerow(["c", "system_distrust", "abc", "nan", "", "x", "inf"])
    code, out, _ = _run(["report", str(edited), "--report", str(tmp_path / "r")], capsys)
    assert code == 0 and "件数 3 · 判定 3 · 空欄 0 · 読めない 0 · 要確認 0 · 確認済み 0" in out
    with open(tmp_path / "r" / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        summary = list(csv.reader(handle))
    overall = dict(zip(summary[1], summary[2], strict=True))
    assert overall["転居"] == "1" and overall["制度への不信"] == "2"
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    # A corrected file is not re-corrected.
    assert "補正した推定 (ACC)" not in page and "推定は行っていません" in page


def test_report_pools_groups_beyond_the_limit_by_row_count(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labelled = tmp_path / "l.csv"
    with open(labelled, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["窓口", "label"])
        writer.writerows([["本庁", "relocation"]] * 100)
        writer.writerows([[f"支所{i:02d}", "other"] for i in range(45)])
    assert _run(["report", str(labelled), "--group-by", "窓口", "--report",
                 str(tmp_path / "r")], capsys)[0] == 0
    with open(tmp_path / "r" / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        summary = list(csv.reader(handle))
    start = summary.index(["窓口別の件数"]) + 2
    groups = [row[0] for row in summary[start:summary.index([], start)]]
    # The 40 largest kept in natural order, the 6 smallest pooled, then the 合計 row.
    assert "本庁" in groups and groups[-2:] == ["（他 6 グループ）", "合計"] and len(groups) == 42
    assert summary[start + 41][-1] == "145"


@pytest.mark.parametrize(("env", "message"), [
    ({"HENNO_PORT": "abc"}, "invalid setting: HENNO_PORT"),
    ({"HENNO_LOG_LEVEL": "verbose"}, "invalid setting: HENNO_LOG_LEVEL"),
])
def test_bad_settings_exit_2(monkeypatch: pytest.MonkeyPatch, models_dir: Path,
                             capsys: pytest.CaptureFixture[str], env: dict[str, str],
                             message: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, _, err = _run(["models", "list"], capsys)
    assert code == 2 and message in err


def test_a_models_dir_that_is_a_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             models_dir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    models_dir.parent.mkdir(parents=True, exist_ok=True)
    models_dir.write_text("not a folder")
    code, _, err = _run(["classify", "転居"], capsys)
    assert code == 2 and "check HENNO_MODELS_DIR" in err


def test_column_listing_shows_no_cell_of_a_row_that_may_be_data() -> None:
    shown = listing(["引っ越しのため 山田太郎 090-0000-1234 です。", "電話 090-0000-1234", "id"])
    assert shown == "not shown (3 columns; the first row looks like a form, not a header row)"


def test_evaluate_accepts_a_small_set(cli_models: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    small = tmp_path / "s.csv"
    small.write_text("text,label\n転居のため,relocation\n特になし,other\n", encoding="utf-8")
    code, out, _ = _run(["evaluate", "--data", str(small), "--json"], capsys)
    assert code == 0 and json.loads(out)["n"] == 2


def test_an_xlsx_that_unpacks_too_large_is_refused(tmp_path: Path, cli_models: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (201 * 2**20))
    code, _, err = _run(["label", str(bomb), "--quiet"], capsys)
    assert code == 2 and "too large once unpacked" in err
    assert not (tmp_path / "bomb_labelled.xlsx").exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("sparse.xlsx", hostile.sparse_workbook(1_048_576),
     "henno: error: the file has more than 500,000 rows; split it into smaller files\n"),
    ("wide.xlsx", hostile.wide_workbook("XFD"),
     "henno: error: the file has more than 1,000 columns\n"),
])
def test_hostile_workbooks_are_refused_cleanly(tmp_path: Path, cli_models: Path,
                                               capsys: pytest.CaptureFixture[str], name: str,
                                               data: bytes, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    code, _, err = _run(["label", str(source), "--quiet"], capsys)
    assert code != 0 and err == message
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["models", name])


def test_the_row_limit_comes_from_the_settings(tmp_path: Path, cli_models: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HENNO_MAX_SHEET_ROWS", "10")
    get_settings.cache_clear()
    source = tmp_path / "f.xlsx"
    source.write_bytes(hostile.sparse_workbook(11))
    code, _, err = _run(["label", str(source), "--quiet"], capsys)
    get_settings.cache_clear()
    assert code != 0
    assert err == "henno: error: the file has more than 10 rows; split it into smaller files\n"


@pytest.mark.parametrize("data", [hostile.big_number_jsonl(on_line=3),
                                  hostile.deep_jsonl(on_line=2)])
def test_a_hostile_json_line_further_down_is_a_flagged_row(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str],
        data: bytes) -> None:
    source = tmp_path / "f.jsonl"
    source.write_bytes(data)
    code, _, err = _run(["label", str(source), "--quiet", "--columns", "en"], capsys)
    assert (code, err) == (0, "")
    rows = [json.loads(line) for line in
            (tmp_path / "f_labelled.jsonl").read_text("utf-8").splitlines()]
    bad = [row for row in rows if "#invalid_line" in row]
    assert len(rows) == 4 and len(bad) == 1
    assert bad[0]["error"] == "the line is not a JSON object"


@pytest.mark.parametrize(("args", "message"), [
    (["--header-row", "9"], "henno: error: row 9 is empty or missing: it cannot be the header "
                            "row\n"),
    (["--text-column", "Z"], "henno: error: no column named 'Z'; columns found: '番号', "
                             "'返納理由'\n"),
])
def test_header_row_and_text_column_mistakes_are_clear(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    source = tmp_path / "f.csv"
    source.write_text("受付簿\n番号,返納理由\n1,転居のため\n", encoding="utf-8")
    code, _, err = _run(["label", str(source), "--quiet", *args], capsys)
    assert code != 0 and err == message


def test_no_reason_column_names_the_flag(tmp_path: Path, cli_models: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.csv"
    source.write_text("date,memo\n2023-06-01,転居のため\n", encoding="utf-8")
    code, _, err = _run(["label", str(source), "--quiet"], capsys)
    assert code != 0 and "--text-column" in err


def test_the_header_row_and_a_column_letter_are_used(tmp_path: Path, cli_models: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "f.csv"
    source.write_text("受付簿\n番号,備考\n1,転居のため\n", encoding="utf-8")
    code, _, _ = _run(["label", str(source), "--quiet", "--header-row", "2", "--text-column",
                       "B", "--columns", "en"], capsys)
    assert code == 0
    with open(tmp_path / "f_labelled.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["受付簿"] and rows[1][:3] == ["番号", "備考", "label"]
    assert rows[2][2] in LABELS
