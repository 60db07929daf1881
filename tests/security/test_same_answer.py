"""The same hostile bytes get the same answer from the API, the page and the CLI (issue 14:
findings 1, 7, 10, the column cap and .xls; one reader for all three)."""

import csv
import html
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.cli.main import main
from henno.model.errors import FormFileError
from henno.service.ui.file_messages import UNREADABLE, file_error_message
from henno.training.train import TrainResult
from tests.security import hostile
from tests.service.ui.conftest import csrf_of, page_csrf, ui_client

CHANNELS = ["api", "page", "cli"]
REFUSED = [  # (file name, bytes, error code, message of the API and the CLI)
    ("unclosed.csv", hostile.unclosed_quote_csv(), "not_tabular",
     "not a valid CSV file near line 5: unexpected end of data"),
    ("big.jsonl", hostile.big_number_jsonl(on_line=1), "not_tabular",
     "the first line is not a JSON object"),
    ("deep.jsonl", hostile.deep_jsonl(on_line=1), "not_tabular",
     "the first line is not a JSON object"),
    ("sparse.xlsx", hostile.sparse_workbook(1_048_576), "too_many_rows",
     "the file has more than 500,000 rows; split it into smaller files"),
    ("wide.xlsx", hostile.wide_workbook("XFD"), "too_many_columns",
     "the file has more than 1,000 columns"),
    ("wide.csv", hostile.wide_csv(1_000_000), "too_many_columns",
     "the file has more than 1,000 columns"),
    ("old.xls", hostile.legacy_xls(), "legacy_excel",
     "old Excel files (.xls) cannot be read; save the file as .xlsx in Excel"),
    ("old.csv", hostile.legacy_xls(), "legacy_excel",  # the bytes tell, whatever the name
     "old Excel files (.xls) cannot be read; save the file as .xlsx in Excel"),
]


@pytest.fixture
def app(service_models: Path, tmp_path: Path,
        small_data: tuple[Path, Path]) -> Iterator[TestClient]:
    with ui_client(service_models, tmp_path / "state", small_data) as client:
        yield client


def _page_message(client: TestClient, name: str, data: bytes) -> str:
    """What the page tells the clerk: at upload, or when the labelling job fails."""
    response = client.post("/files", data={"csrf": page_csrf(client, "/files")},
                           files={"file": (name, data)}, follow_redirects=False)
    if response.status_code != 303:
        assert response.status_code in (413, 415, 422)
        return html.unescape(response.text)
    job_url = str(response.headers["location"])
    started = client.post(f"{job_url}/start", data={"csrf": csrf_of(client.get(job_url).text),
                                                    "text_column": "1"})
    assert started.status_code in (200, 303)
    for _ in range(600):
        if client.get(f"{job_url}/status").json()["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    return html.unescape(client.get(job_url).text)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("name", "data", "code", "message"), REFUSED,
                         ids=[case[0] for case in REFUSED])
def test_a_hostile_file_is_refused_alike_everywhere(
        channel: str, name: str, data: bytes, code: str, message: str, app: TestClient,
        tmp_path: Path, small_model: TrainResult, cli_models: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    if channel == "api":
        response = app.post("/v1/label-file", files={"file": (name, data)})
        assert response.status_code == 422
        assert response.json() == {"error": {"code": code, "message": message}}
    elif channel == "page":
        shown = file_error_message(FormFileError(message, code))
        assert shown != UNREADABLE and shown in _page_message(app, name, data)
    else:
        source = tmp_path / name
        source.write_bytes(data)
        assert main(["label", str(source), "--quiet"]) != 0
        assert capsys.readouterr().err == f"henno: error: {message}\n"
        assert not list(tmp_path.glob("*_labelled*"))


def _mixed_encodings_csv() -> bytes:
    """A CP932 ledger with one line pasted from a UTF-8 system and one line with a bad byte."""
    lines = ["受付日,窓口,返納理由", "2023-06-01,本庁,来月、県外へ引っ越すため",
             "2023-06-02,北支所,相次ぐ不祥事で信用できない"]
    data = ("\r\n".join(lines) + "\r\n").encode("cp932")
    data += "2023-06-03,南支所,保険証が他人に紐付けられていた\r\n".encode()
    data += b"2023-06-04,\x96\x7b\x92\xa1,\x81\xff\xfe\r\n"  # 本庁, then bytes of nothing
    return data + "2023-06-05,本庁,特になし\r\n".encode("cp932")


def _cells_and_labels(data: bytes) -> list[tuple[list[str], str]]:
    text = data.decode("cp932", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert "label" in rows[0] or "判定コード" in rows[0], rows[:2]
    code = rows[0].index("label") if "label" in rows[0] else rows[0].index("判定コード")
    return [(row[:3], row[code]) for row in rows[1:]]


def _labelled_by(channel: str, data: bytes, app: TestClient, folder: Path) -> bytes:
    if channel == "api":
        response = app.post("/v1/label-file", files={"file": ("mixed.csv", data)})
        assert response.status_code == 200
        return response.content
    if channel == "cli":
        (folder / "mixed.csv").write_bytes(data)
        assert main(["label", str(folder / "mixed.csv"), "--quiet"]) == 0
        return (folder / "mixed_labelled.csv").read_bytes()
    response = app.post("/files", data={"csrf": page_csrf(app, "/files")},
                        files={"file": ("mixed.csv", data)}, follow_redirects=False)
    job_url = str(response.headers["location"])
    app.post(f"{job_url}/start", data={"csrf": csrf_of(app.get(job_url).text),
                                       "text_column": "3"})
    for _ in range(600):
        if app.get(f"{job_url}/status").json()["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    download = app.get(f"{job_url}/download")
    assert download.status_code == 200
    return download.content


def test_a_line_in_another_encoding_or_with_a_bad_byte_reads_alike_everywhere(
        app: TestClient, tmp_path: Path, cli_models: Path) -> None:
    data = _mixed_encodings_csv()
    results = [_cells_and_labels(_labelled_by(channel, data, app, tmp_path))
               for channel in CHANNELS]
    assert results[0] == results[1] == results[2]
    cells = [row for row, _ in results[0]]
    assert cells[2] == ["2023-06-03", "南支所", "保険証が他人に紐付けられていた"]  # the UTF-8 line
    assert cells[3][:2] == ["2023-06-04", "本庁"]  # CP932 up to its bad bytes
    assert cells[3][2].encode("cp932", "surrogateescape") == b"\x81\xff\xfe"
    assert results[0][3][1] == "" and results[0][4][1] != ""  # the bad line is not labelled
