"""The streaming writer: residents' text stays text, in .xlsx and in CSV meant for Excel."""

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from henno.forms.sink import Sink

HOSTILE = [
    '=HYPERLINK("http://example.com","x")',
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+81 90-0000-0000",
    "-2",
    "@SUM(A1)",
    "#DIV/0!",
    "\t=1+1",
]


def _write(output: Path, rows: list[list[object]], for_excel: bool = False) -> None:
    sink = Sink(output, "xlsx" if output.suffix == ".xlsx" else "csv", "utf-8", "\r\n",
                "受付簿", for_excel=for_excel)
    sink.write([["返納理由", "件数"], *rows])
    sink.commit()


@pytest.mark.parametrize("text", HOSTILE)
def test_write_xlsx_keeps_a_formula_like_text_as_a_string_cell(tmp_path: Path,
                                                                text: str) -> None:
    output = tmp_path / "out.xlsx"
    _write(output, [[text, 3]])
    sheet = openpyxl.load_workbook(output).active
    assert sheet is not None
    assert (sheet["A2"].value, sheet["A2"].data_type) == (text, "s")
    assert (sheet["B2"].value, sheet["B2"].data_type) == (3, "n")
    with zipfile.ZipFile(output) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


@pytest.mark.parametrize(("text", "written"), [
    ('=HYPERLINK("http://example.com","x")', '\'=HYPERLINK("http://example.com","x")'),
    ("=1+1", "'=1+1"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+81 90-0000-0000", "'+81 90-0000-0000"),
    ("-2", "'-2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("引っ越しのため", "引っ越しのため"),
    ("", ""),
])
def test_write_csv_for_excel_makes_formula_starts_inert(tmp_path: Path, text: str,
                                                        written: str) -> None:
    output = tmp_path / "out.csv"
    _write(output, [[text, 3]], for_excel=True)
    with open(output, encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle))[1] == [written, "3"]


def test_write_csv_for_programs_keeps_the_text_as_it_is(tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    _write(output, [[text] for text in HOSTILE])
    with open(output, encoding="utf-8", newline="") as handle:
        assert [row[0] for row in list(csv.reader(handle))[1:]] == HOSTILE
