"""`henno label --columns`: Japanese columns for people by default, machine ones on request;
labelling a labelled file replaces its columns and says so."""

import csv
from pathlib import Path

import pytest

from henno.cli.main import main
from henno.labelling.output_columns import MACHINE_COLUMNS, PEOPLE_COLUMNS


def _forms(path: Path) -> Path:
    path.write_text("受付番号,返納理由\nA-1,来月、県外へ引っ越すため\nA-2,\n", encoding="utf-8")
    return path


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@pytest.mark.parametrize(("options", "added"), [
    ([], PEOPLE_COLUMNS), (["--columns", "ja"], PEOPLE_COLUMNS),
    (["--columns", "en"], MACHINE_COLUMNS)])
def test_label_adds_the_chosen_columns(tmp_path: Path, cli_models: Path, options: list[str],
                                       added: list[str]) -> None:
    source = _forms(tmp_path / "forms.csv")
    assert main(["label", str(source), "--quiet", *options]) == 0
    assert _header(tmp_path / "forms_labelled.csv") == ["受付番号", "返納理由", *added]


def test_label_a_labelled_file_replaces_its_columns_and_says_so(
        tmp_path: Path, cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    once = tmp_path / "forms_labelled.csv"
    assert main(["label", str(_forms(tmp_path / "forms.csv")), "--quiet"]) == 0
    capsys.readouterr()
    twice = tmp_path / "again.csv"
    assert main(["label", str(once), "-o", str(twice), "--quiet", "--columns", "en"]) == 0
    assert ("replaced the label columns already in forms_labelled.csv: "
            f"{', '.join(PEOPLE_COLUMNS)}\n") in capsys.readouterr().out
    assert _header(twice) == ["受付番号", "返納理由", *MACHINE_COLUMNS]


def test_label_columns_refuses_an_unknown_set(tmp_path: Path, cli_models: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = _forms(tmp_path / "forms.csv")
    with pytest.raises(SystemExit) as exit_:
        main(["label", str(source), "--columns", "fr"])
    assert exit_.value.code == 2
    assert "argument --columns: invalid choice: 'fr' (choose from 'ja', 'en')" in (
        capsys.readouterr().err)
