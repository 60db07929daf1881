import csv
import io
import json
import zipfile
from collections.abc import Sequence

import openpyxl
import pytest
from fastapi.testclient import TestClient

from henno.labelling.predict import ADDED_COLUMNS
from henno.model.labels import LABELS
from tests.security import hostile

ROWS = [("2023-06-01", "本庁", "来月転居するため"), ("2023-06-02", "北支所", ""),
        ("2023-06-05", "本庁", "相次ぐ不祥事で信用できない"), ("2023-07-01", "南支所", "特になし")]
# The API adds the columns of `henno label` (one labelling function for all; until issue 14
# it added only the first four).
ADDED = ADDED_COLUMNS


def _csv(header: list[str], rows: Sequence[tuple[str, ...]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue()


def _upload(client: TestClient, name: str, data: bytes,
            **form: str) -> tuple[int, bytes, dict[str, str]]:
    response = client.post("/v1/label-file", files={"file": (name, data)}, data=form)
    return response.status_code, response.content, dict(response.headers)


@pytest.mark.parametrize(("encoding", "prefix", "charset"), [
    ("utf-8", b"", "utf-8"), ("utf-8", b"\xef\xbb\xbf", "utf-8"), ("cp932", b"", "shift_jis"),
])
def test_label_csv_keeps_rows_columns_and_encoding(client: TestClient, encoding: str,
                                                   prefix: bytes, charset: str) -> None:
    data = prefix + _csv(["受付日", "窓口", "返納理由"], ROWS).encode(encoding)
    status, body, headers = _upload(client, "forms.csv", data)
    assert status == 200
    assert headers["content-type"] == f"text/csv; charset={charset}"
    assert "forms_labelled.csv" in headers["content-disposition"]
    assert body.startswith(prefix)
    records = list(csv.reader(io.StringIO(body[len(prefix):].decode(encoding), newline="")))
    assert records[0] == ["受付日", "窓口", "返納理由", *ADDED]
    assert [tuple(r[:3]) for r in records[1:]] == ROWS
    assert records[1][3] in LABELS
    # an empty reason is flagged, not labelled
    assert records[2][3:] == ["", "", "", "True", *[""] * len(LABELS), "", "empty text"]


def test_label_xlsx_keeps_rows_and_columns(client: TestClient) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["番号", "理由"])
    sheet.append([1, "転居のため"])
    sheet.append([2, "本人死亡"])
    buffer = io.BytesIO()
    book.save(buffer)
    status, body, headers = _upload(client, "受付.xlsx", buffer.getvalue())
    assert status == 200
    assert headers["content-type"].startswith("application/vnd.openxmlformats")
    result = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    rows = [list(row) for row in result.iter_rows(values_only=True)]
    assert rows[0] == ["番号", "理由", *ADDED]
    assert [r[:2] for r in rows[1:]] == [[1, "転居のため"], [2, "本人死亡"]]
    assert all(r[2] in LABELS for r in rows[1:])


def test_label_file_uses_the_named_column(client: TestClient) -> None:
    data = _csv(["memo", "free_text"], [("a", "転居のため")]).encode()
    status, body, _ = _upload(client, "f.csv", data, text_column="free_text")
    assert status == 200
    assert body.decode().splitlines()[1].startswith("a,転居のため,")


@pytest.mark.parametrize(("name", "data", "form", "status", "code", "message"), [
    ("f.csv", b"", {}, 422, "empty_file", "the file is empty"),
    ("f.csv", _csv(["date", "memo"], [("x", "y")]).encode(), {}, 422, "text_column_not_found",
     "no reason text column found (looked for a header naming a reason: 理由, 事由, reason, "
     "or text, 内容, 記入内容); columns found: 'date', 'memo'; name it with text_column "
     "(henno label --text-column): its header, letter (E) or number (5)"),
    ("f.csv", hostile.headerless_csv("佐藤花子"), {}, 422, "text_column_not_found",
     "no reason text column found (looked for a header naming a reason: 理由, 事由, reason, "
     "or text, 内容, 記入内容); columns found: not shown (3 columns; the first row looks like "
     "a form, not a header row); name it with text_column (henno label --text-column): its "
     "header, letter (E) or number (5)"),
    ("f.csv", hostile.headerless_csv("山田太郎"), {"text_column": "備考"}, 422,
     "text_column_not_found", "no column named '備考'; columns found: not shown (3 columns; "
     "the first row looks like a form, not a header row)"),
    ("f.csv", _csv(["date", "memo"], [("x", "y")]).encode(), {"text_column": "note"}, 422,
     "text_column_not_found", "no column named 'note'; columns found: 'date', 'memo'"),
    ("f.csv", b"reason\x00\x01\x02\n", {}, 422, "not_tabular",
     "the file holds NUL bytes: not a text file"),
    ("f.xlsx", b"PK\x03\x04 not really a zip", {}, 422, "not_tabular", "not a valid .xlsx file"),
])
def test_bad_uploads_get_a_clear_4xx(client: TestClient, name: str, data: bytes,
                                     form: dict[str, str], status: int, code: str,
                                     message: str) -> None:
    response = client.post("/v1/label-file", files={"file": (name, data)}, data=form)
    assert response.status_code == status
    assert response.json() == {"error": {"code": code, "message": message}}


def test_an_xlsx_that_unpacks_too_large_is_refused(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (201 * 2**20))
    response = client.post("/v1/label-file", files={"file": ("bomb.xlsx", buffer.getvalue())})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_upload_without_a_file_is_a_422(client: TestClient) -> None:
    response = client.post("/v1/label-file", data={"text_column": "理由"})
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "invalid_input", "message": "file: Field required"}


@pytest.mark.parametrize(("data", "status"), [
    (_csv(["返納理由"], [("転居のため",)]).encode(), 200),
    ('理由\nA\n"B\nC\nD\n'.encode(), 422),
])
def test_the_upload_is_labelled_in_the_private_folder_and_removed(
        client: TestClient, data: bytes, status: int) -> None:
    scratch = client.app.state.service.settings.state_dir / "tmp"  # type: ignore[attr-defined]
    response = client.post("/v1/label-file", files={"file": ("f.csv", data)})
    assert response.status_code == status
    assert scratch.stat().st_mode & 0o777 == 0o700 and list(scratch.iterdir()) == []


def test_an_undecodable_line_is_flagged_not_fatal(client: TestClient) -> None:
    data = "返納理由\n転居のため\n".encode() + b"\x80\x81\xff\xfe\n"
    response = client.post("/v1/label-file", files={"file": ("f.csv", data)})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8", "surrogateescape"))))
    assert rows[1][1] in LABELS
    assert rows[2][0].encode("utf-8", "surrogateescape") == b"\x80\x81\xff\xfe"
    assert rows[2][-1] == "undecodable bytes in the text"


@pytest.mark.parametrize("data", [hostile.big_number_jsonl(on_line=3),
                                  hostile.deep_jsonl(on_line=2)])
def test_a_hostile_json_line_further_down_is_a_flagged_row(client: TestClient,
                                                           data: bytes) -> None:
    response = client.post("/v1/label-file", files={"file": ("f.jsonl", data)})
    assert response.status_code == 200
    rows = [json.loads(line) for line in response.content.decode().splitlines()]
    assert len(rows) == 4
    bad = [row for row in rows if "#invalid_line" in row]
    assert len(bad) == 1 and bad[0]["error"] == "the line is not a JSON object"
    assert all(row["label"] in LABELS for row in rows if row not in bad)


@pytest.mark.parametrize(("form", "header"), [
    ({}, ["番号", "返納理由", *ADDED]),
    ({"header_row": "1"}, ["受付簿", *ADDED]),
])
def test_the_header_row_is_found_or_named(client: TestClient, form: dict[str, str],
                                          header: list[str]) -> None:
    data = "受付簿\n番号,返納理由\n1,転居のため\n".encode()
    form = {**form, "text_column": "A"} if form else form
    status, body, _ = _upload(client, "f.csv", data, **form)
    assert status == 200
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
    assert header in rows


def test_a_header_row_below_one_is_refused(client: TestClient) -> None:
    response = client.post("/v1/label-file", files={"file": ("f.csv", b"a\nb\n")},
                           data={"header_row": "0"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
