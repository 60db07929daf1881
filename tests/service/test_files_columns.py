"""POST /v1/label-file `columns`: machine columns by default, Japanese ones on request."""

import csv
import io
import zipfile

import openpyxl
import pytest
from fastapi.testclient import TestClient

from henno.labelling.output_columns import MACHINE_COLUMNS, PEOPLE_COLUMNS

HOSTILE = ['=HYPERLINK("http://example.com","x")', "=1+1", "=cmd|' /C calc'!A0",
           "+81 90-0000-0000", "-2", "@SUM(A1)"]
CSV = "受付番号,返納理由\r\nA-1,来月、県外へ引っ越すため\r\nA-2,=1+1\r\n".encode()


@pytest.mark.parametrize(("form", "added", "formula"), [
    ({}, MACHINE_COLUMNS, "=1+1"),
    ({"columns": "en"}, MACHINE_COLUMNS, "=1+1"),
    ({"columns": "ja"}, PEOPLE_COLUMNS, "'=1+1"),  # a file for people: inert for Excel
])
def test_label_file_adds_the_chosen_columns(client: TestClient, form: dict[str, str],
                                            added: list[str], formula: str) -> None:
    response = client.post("/v1/label-file", files={"file": ("forms.csv", CSV)}, data=form)
    assert response.status_code == 200
    records = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
    assert records[0] == ["受付番号", "返納理由", *added]
    assert records[2][1] == formula


def test_label_file_refuses_an_unknown_column_set(client: TestClient) -> None:
    response = client.post("/v1/label-file", files={"file": ("forms.csv", CSV)},
                           data={"columns": "fr"})
    assert response.status_code == 422
    assert response.json() == {"error": {"code": "invalid_input",
                                         "message": "columns: Input should be 'en' or 'ja'"}}


def test_label_xlsx_keeps_formula_like_text_as_text(client: TestClient) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["返納理由"])
    for text in HOSTILE:
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).data_type = "s"  # text, as Excel keeps it
    upload = io.BytesIO()
    book.save(upload)
    response = client.post("/v1/label-file", files={"file": ("forms.xlsx", upload.getvalue())})
    assert response.status_code == 200
    labelled = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [(c.value, c.data_type) for c in labelled["A"][1:]] == [(t, "s") for t in HOSTILE]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
