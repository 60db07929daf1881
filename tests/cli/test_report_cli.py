"""`henno label --report` and `henno report` end to end (issue 14: findings 8 and 11)."""

import csv
import errno
from pathlib import Path

import pytest

from henno.cli.main import main


def write_forms(path: Path, offices: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["窓口", "返納理由"])
        writer.writerows([office, "来月、県外へ引っ越すため"] for office in offices)
    return path


@pytest.mark.parametrize("office", ["$山田太郎$", r"$\frac{1}{0}$", "$$"])
def test_label_report_with_a_math_like_group_value(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str],
        office: str) -> None:
    source = write_forms(tmp_path / "forms.csv", [office, "本庁"])
    code = main(["label", str(source), "--report", str(tmp_path / "r"), "--group-by", "窓口",
                 "--quiet"])
    assert (code, capsys.readouterr().err) == (0, "")
    assert (tmp_path / "r" / "report.html").is_file()


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from henno.labelling import report_files

    def write(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report_files, "_write_bytes", write)


@pytest.mark.parametrize("command", ["label", "report"])
def test_a_full_disk_while_writing_the_report_exits_1_cleanly(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    source = write_forms(tmp_path / "forms.csv", ["本庁", "北支所"])
    if command == "report":
        assert main(["label", str(source), "--quiet"]) == 0
        source = tmp_path / "forms_labelled.csv"
    capsys.readouterr()
    _disk_full(monkeypatch)
    report = tmp_path / "r"
    assert main([command, str(source), "--report", str(report)]) == 1
    assert capsys.readouterr().err == (f"henno: error: could not write the report in {report}: "
                                       "No space left on device; no report file was changed\n")
    assert not report.exists()
