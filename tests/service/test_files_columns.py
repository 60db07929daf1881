"""POST /v1/label-file `columns`: machine columns by default, Japanese ones on request."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from labelling.output_columns import MACHINE_COLUMNS, PEOPLE_COLUMNS

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
