"""A CP932 ledger as an office keeps it, with a line from another system and a bad byte,
labelled and reported by `henno label` as a clerk would run it."""

import csv
import io
from pathlib import Path

import pytest

from henno.cli.main import main
from tests.forms.ledger import ledger_csv

OTHER_SYSTEM = "R5-0009,2023/06/10,本庁,引っ越しました（別システムから）\r\n".encode()
BAD_BYTE = b"R5-0010,2023/06/11,\x83\xff,\xe6\x9c\x80\r\n"  # the office cell is undecodable


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = ledger_csv(tmp_path / "返納受付簿.csv")
    path.write_bytes(path.read_bytes() + OTHER_SYSTEM + BAD_BYTE)
    return path


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("cp932", errors="replace")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("columns", ["ja", "en"])
def test_a_total_row_is_passed_through_and_never_flagged(
        ledger: Path, cli_models: Path, tmp_path: Path, columns: str) -> None:
    output = tmp_path / f"out-{columns}.csv"
    assert main(["label", str(ledger), "-o", str(output), "--quiet", "--columns", columns]) == 0
    rows = _rows(output)
    header = rows[3]
    total = next(row for row in rows if row[0] == "合計")
    flag = "要確認" if columns == "ja" else "needs_review"
    assert total[header.index(flag)] in ("", "False")
    memo = "判定メモ" if columns == "ja" else "error"
    assert total[header.index(memo)] in ("合計行", "a total row")


def test_a_group_cell_with_undecodable_bytes_is_reported_as_text(
        ledger: Path, cli_models: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    assert main(["label", str(ledger), "-o", str(tmp_path / "out.csv"), "--quiet",
                 "--report", str(report), "--group-by", "窓口"]) == 0
    summary = (report / "summary.csv").read_text("utf-8-sig")
    office = next(line for line in summary.splitlines() if "\ufffd" in line)
    assert office.endswith(",1")  # one form from the office whose name could not be read
    assert "本庁" in (report / "report.html").read_text("utf-8")
