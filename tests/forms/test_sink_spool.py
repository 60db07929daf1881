"""Writing an .xlsx spools rows beside the output, never in the system temp folder."""

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from henno.forms.sink import Sink
from henno.labelling.job import LabelOptions, label_file
from henno.model.classifier import Classifier

ROWS = [["返納理由", "受付番号"], *[["来月、県外へ引っ越すため", n] for n in range(3000)]]


@pytest.fixture
def job_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "job"
    folder.mkdir()
    return folder


def test_write_xlsx_spools_beside_the_output(system_temp: Path, job_folder: Path) -> None:
    sink = Sink(job_folder / "out.xlsx", "xlsx", "", "\r\n")
    sink.write(ROWS)
    assert list(system_temp.iterdir()) == []
    spooled = [path.name for path in job_folder.iterdir()]
    assert spooled and all(name.startswith(".out.xlsx.") for name in spooled)
    sink.commit()
    assert list(system_temp.iterdir()) == []
    assert [path.name for path in job_folder.iterdir()] == ["out.xlsx"]


@pytest.mark.parametrize("rows", [[], ROWS], ids=["nothing written", "rows written"])
def test_discard_xlsx_removes_every_spool_file(system_temp: Path, job_folder: Path,
                                               rows: list[list[object]]) -> None:
    sink = Sink(job_folder / "out.xlsx", "xlsx", "", "\r\n")
    sink.write(rows)
    sink.discard()
    assert list(system_temp.iterdir()) == []
    assert list(job_folder.iterdir()) == []


def test_failed_commit_xlsx_leaves_nothing(system_temp: Path, job_folder: Path) -> None:
    sink = Sink(job_folder / "out.xlsx", "xlsx", "", "\r\n")
    sink.write(ROWS)
    sink.temporary.mkdir()  # the workbook cannot be saved there
    with pytest.raises(IsADirectoryError):
        sink.commit()
    sink.temporary.rmdir()
    sink.discard()
    assert list(system_temp.iterdir()) == []
    assert list(job_folder.iterdir()) == []


def test_failed_label_file_xlsx_leaves_no_spool(system_temp: Path, job_folder: Path,
                                                small_classifier: Classifier) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ROWS:
        sheet.append(row)
    source = job_folder / "forms.xlsx"
    book.save(source)

    def interrupted(first_row: int, cells: list[Any], added: list[list[Any]]) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        label_file(source, job_folder / "out.xlsx", small_classifier, LabelOptions(),
                   show_progress=False, on_chunk=interrupted)
    assert list(system_temp.iterdir()) == []
    assert [path.name for path in job_folder.iterdir()] == ["forms.xlsx"]
