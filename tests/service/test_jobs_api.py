"""/v1/jobs: the page's file jobs for programs — post, poll, download — with an API key and
with a page session. The `door` fixture checks at the end that no reason text reached the
audit table or the logs. Names and texts are fictional."""

import csv
import io
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2 as httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from henno.audit import AuditAction
from henno.service.app import create_app
from henno.service.ui.state import UiState
from tests.security.door import CLERK, OTHER_CLERK, REASONS, Door, door
from tests.security.test_upload_door import asgi_post
from tests.service.accounts import add_key, bearer
from tests.service.conftest import make_settings
from tests.service.live import serve
from tests.service.ui.conftest import page_csrf

__all__ = ["door"]  # the fixture
ORIGIN = {"origin": "http://127.0.0.1"}  # the page's own, as its scripts send it
GONE = {"error": {"code": "not_found",
                  "message": "no such job (jobs are deleted 2 hours after the upload)"}}
UNKNOWN_ID = "0123456789abcdefghijkl"


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


LEDGER_CSV = _csv([["受付番号", "受付日", "返納理由"], ["A-001", "2026-06-01", REASONS[0]],
                   ["A-002", "2026-06-02", ""], ["A-003", "2026-06-03", REASONS[1]]])


def _ledger_xlsx() -> bytes:
    """A ledger as an office keeps it: a title row and a blank row above the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["返納受付簿（2026年6月）"], [], ["受付番号", "窓口", "返納理由"],
                ["A-001", "本庁", REASONS[0]], ["A-002", "北支所", REASONS[2]]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(data: bytes) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def _post(client: TestClient, name: str, data: bytes, headers: dict[str, str],
          **form: str) -> httpx.Response:
    return client.post("/v1/jobs", files={"file": (name, data)}, data=form, headers=headers)


def _finished(client: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """The job's status once done or failed (the runner's threads label it meanwhile)."""
    for _ in range(600):
        body: dict[str, Any] = client.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"the job is still {body['status']}")


def _refusals(door: Door) -> list[dict[str, str | int]]:
    return [entry.objects for entry in door.audit.latest(100)
            if entry.action == AuditAction.DOWNLOAD and entry.outcome == "refused"]


@pytest.mark.parametrize(("name", "data", "form"), [
    ("返納受付簿.csv", LEDGER_CSV, {}),
    ("返納受付簿.csv", LEDGER_CSV, {"columns": "ja", "text_column": "C"}),
    ("返納受付簿.xlsx", _ledger_xlsx(), {}),
    ("返納受付簿.xlsx", _ledger_xlsx(), {"header_row": "3", "text_column": "返納理由"}),
])
def test_post_poll_download_equals_label_file(door: Door, name: str, data: bytes,
                                              form: dict[str, str]) -> None:
    key = door.as_clerk_key()
    posted = _post(door.client, name, data, key, **form)
    assert posted.status_code == 202, posted.text
    created = posted.json()
    assert created == {"id": created["id"], "status": "queued",
                       "status_url": f"/v1/jobs/{created['id']}",
                       "download_url": f"/v1/jobs/{created['id']}/file"}
    status = _finished(door.client, created["id"], key)
    assert status == {"id": created["id"], "status": "done", "rows_done": 3 if "csv" in name
                      else 2, "fraction": 1.0, "error": None, "file_name": name,
                      "created_at": status["created_at"]}
    labelled = door.client.get(created["download_url"], headers=key)
    direct = door.client.post("/v1/label-file", files={"file": (name, data)}, data=form,
                              headers=key)
    assert labelled.status_code == direct.status_code == 200
    if name.endswith(".csv"):
        assert labelled.content == direct.content
    else:  # a workbook's zip entries carry the time they were written: compare the cells
        assert _cells(labelled.content) == _cells(direct.content)
        assert _cells(labelled.content)[0][0] == "返納受付簿（2026年6月）"  # kept, not labelled
    stem, extension = name.rsplit(".", 1)
    assert labelled.headers["content-disposition"] == (
        f"attachment; filename*=UTF-8''{quote(f'{stem}_labelled.{extension}')}")
    [download] = [entry for entry in door.audit.latest(20)
                  if entry.action == AuditAction.DOWNLOAD and entry.outcome == "ok"
                  and entry.objects.get("what") == "api_job"]
    assert download.actor == "key:集計" and download.objects["job_id"] == created["id"]


def _page_job(door: Door, name: str = "窓口.csv") -> str:
    """A file uploaded on the page by the logged-in clerk (its columns not yet chosen)."""
    response = door.client.post("/files", data={"csrf": page_csrf(door.client, "/files")},
                                files={"file": (name, LEDGER_CSV)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"]).rsplit("/", 1)[1]


def test_the_owner_sees_the_page_job_in_the_api_and_the_api_job_on_the_page(door: Door,
                                                                            ) -> None:
    door.log_in(CLERK)
    page_id = _page_job(door)
    posted = _post(door.client, "支所.csv", LEDGER_CSV, ORIGIN)
    assert posted.status_code == 202, posted.text
    listed = door.client.get("/v1/jobs").json()["jobs"]
    assert [(job["id"], job["file_name"]) for job in listed] == [
        (posted.json()["id"], "支所.csv"), (page_id, "窓口.csv")]
    assert listed[1]["status"] == "uploaded"
    assert "支所.csv" in door.client.get("/files").text


def test_a_file_not_done_is_409(door: Door) -> None:
    door.log_in(CLERK)
    job_id = _page_job(door)
    response = door.client.get(f"/v1/jobs/{job_id}/file")
    assert response.status_code == 409
    assert response.json() == {"error": {"code": "not_ready",
                                         "message": "the job is uploaded, not done"}}
    assert {"what": "api_job", "job_id": job_id} in _refusals(door)


def test_another_clerks_job_is_404_and_audited(door: Door) -> None:
    posted = _post(door.client, "f.csv", LEDGER_CSV, door.as_clerk_key()).json()
    door.log_in(OTHER_CLERK)
    answers = [door.client.get(posted["status_url"]), door.client.get(posted["download_url"]),
               door.client.delete(posted["status_url"], headers=ORIGIN)]
    assert [(r.status_code, r.json()) for r in answers] == [(404, GONE)] * 3
    assert door.client.get("/v1/jobs").json() == {"jobs": []}
    refused = [(objects["what"], objects["job_id"]) for objects in _refusals(door)]
    assert sorted(refused) == sorted((what, posted["id"]) for what in
                                     ("api_job_status", "api_job", "api_job_delete"))
    door.log_out_of_the_client()  # the owner's key still finds it
    assert door.client.get(posted["status_url"], headers=door.as_clerk_key()).status_code == 200


@pytest.mark.parametrize(("method", "path"), [
    ("GET", f"/v1/jobs/{UNKNOWN_ID}"), ("GET", f"/v1/jobs/{UNKNOWN_ID}/file"),
    ("DELETE", f"/v1/jobs/{UNKNOWN_ID}"), ("GET", "/v1/jobs/not%20an%20id"),
    ("GET", f"/v1/jobs/{'x' * 300}/file"),
])
def test_an_unknown_job_is_404(door: Door, method: str, path: str) -> None:
    response = door.client.request(method, path, headers=door.as_clerk_key())
    assert (response.status_code, response.json()) == (404, GONE)


def test_delete_removes_the_job_and_its_files(door: Door) -> None:
    key = door.as_clerk_key()
    posted = _post(door.client, "f.csv", LEDGER_CSV, key).json()
    folder = door.client.app.state.ui.jobs.folder(posted["id"])  # type: ignore[attr-defined]
    assert folder.is_dir()
    response = door.client.delete(posted["status_url"], headers=key)
    assert response.status_code == 204 and response.content == b""
    assert door.client.get(posted["status_url"], headers=key).status_code == 404
    assert door.client.get("/v1/jobs", headers=key).json() == {"jobs": []}
    assert not folder.exists()


@pytest.mark.parametrize(("data", "form"), [
    (_csv([["date", "memo"], ["x", REASONS[2]]]), {}),
    (_csv([["date", "memo"], ["x", REASONS[2]]]), {"text_column": "note"}),
    (_csv([["返納理由"], [REASONS[0]]]), {"text_column": "Z"}),
    (b"", {}),
    ("受付簿\n番号,返納理由\n".encode(), {"header_row": "9"}),
    (b"reason\x00\x01\x02\n", {}),
])
def test_a_file_refused_gets_label_files_answer_and_leaves_no_job(
        door: Door, data: bytes, form: dict[str, str]) -> None:
    key = door.as_clerk_key()
    direct = door.client.post("/v1/label-file", files={"file": ("f.csv", data)}, data=form,
                              headers=key)
    response = _post(door.client, "f.csv", data, key, **form)
    assert 400 <= response.status_code < 500
    assert (response.status_code, response.json()) == (direct.status_code, direct.json())
    assert door.client.get("/v1/jobs", headers=key).json() == {"jobs": []}
    root: Path = door.client.app.state.ui.jobs.root  # type: ignore[attr-defined]
    assert list(root.iterdir()) == []


def test_every_jobs_route_wants_credentials(door: Door) -> None:
    unauthorized = {"error": {"code": "unauthorized",
                              "message": "log in, or send Authorization: Bearer <API key>"}}
    answers = [door.client.post("/v1/jobs", files={"file": ("f.csv", LEDGER_CSV)}),
               door.client.get("/v1/jobs"), door.client.get(f"/v1/jobs/{UNKNOWN_ID}"),
               door.client.get(f"/v1/jobs/{UNKNOWN_ID}/file"),
               door.client.delete(f"/v1/jobs/{UNKNOWN_ID}"),
               door.client.get("/v1/jobs", headers={"authorization": "Bearer henno_revoked"})]
    assert [(r.status_code, r.json()) for r in answers] == [(401, unauthorized)] * 6
    root: Path = door.client.app.state.ui.jobs.root  # type: ignore[attr-defined]
    assert not root.exists() or list(root.iterdir()) == []


@pytest.fixture
def small_uploads(service_models: Path, tmp_path: Path) -> Iterator[TestClient]:
    """Open (no user): uploads up to 1,000 bytes."""
    settings = make_settings(service_models, state_dir=tmp_path / "state", max_upload_bytes=1000)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("size", [1500, 3 * 2**20])
def test_an_oversize_file_is_413_as_for_label_file(small_uploads: TestClient,
                                                   size: int) -> None:
    data = "返納理由\n".encode() + b"x" * size
    direct = small_uploads.post("/v1/label-file", files={"file": ("f.csv", data)})
    response = small_uploads.post("/v1/jobs", files={"file": ("f.csv", data)})
    assert response.status_code == 413
    assert response.json() == direct.json()
    assert small_uploads.get("/v1/jobs").json() == {"jobs": []}


def test_without_a_database_the_jobs_routes_answer_503(small_uploads: TestClient) -> None:
    ui: UiState = small_uploads.app.state.ui  # type: ignore[attr-defined]
    work, ui.work = ui.work, None
    try:
        answers = [small_uploads.get("/v1/jobs"),
                   small_uploads.post("/v1/jobs", files={"file": ("f.csv", LEDGER_CSV)}),
                   small_uploads.get(f"/v1/jobs/{UNKNOWN_ID}")]
    finally:
        ui.work = work
    unavailable = {"error": {"code": "work_unavailable",
                             "message": "file jobs need the database, which is not available"}}
    assert [(r.status_code, r.json()) for r in answers] == [(503, unavailable)] * 3


def test_a_job_is_posted_polled_and_downloaded_through_two_workers(
        service_models: Path) -> None:
    keys: list[str] = []
    with serve(service_models, workers=2,
               before_start=lambda url: keys.append(add_key(url, "夜間集計"))) as (port, _):
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=bearer(keys[0]),
                              timeout=10)
        posted = client.post("/v1/jobs", files={"file": ("f.csv", LEDGER_CSV)})
        assert posted.status_code == 202, posted.text
        status = {"status": "queued"}
        for _ in range(150):  # at most about 30 s: each request may reach either worker
            status = client.get(posted.json()["status_url"]).json()
            if status["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert status["status"] == "done", status
        labelled = client.get(posted.json()["download_url"])
        direct = client.post("/v1/label-file", files={"file": ("f.csv", LEDGER_CSV)})
        assert labelled.status_code == direct.status_code == 200
        assert labelled.content == direct.content
        assert client.delete(posted.json()["status_url"]).status_code == 204
        assert client.get("/v1/jobs").json() == {"jobs": []}
        client.close()


def _schema_of(answer: dict[str, Any]) -> str | None:
    schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
    return str(schema["$ref"]).rsplit("/", 1)[1] if "$ref" in schema else None


@pytest.mark.parametrize(("method", "path", "answers"), [
    ("post", "/v1/jobs", {"202": "JobCreated", "401": "ErrorOut", "413": "ErrorOut",
                          "422": "ErrorOut", "503": "ErrorOut", "507": "ErrorOut"}),
    ("get", "/v1/jobs", {"200": "JobList", "401": "ErrorOut", "503": "ErrorOut"}),
    ("get", "/v1/jobs/{job_id}", {"200": "JobOut", "404": "ErrorOut", "503": "ErrorOut"}),
    ("get", "/v1/jobs/{job_id}/file", {"200": None, "404": "ErrorOut", "409": "ErrorOut"}),
    ("delete", "/v1/jobs/{job_id}", {"204": None, "404": "ErrorOut", "401": "ErrorOut"}),
])
def test_the_jobs_routes_are_documented(small_uploads: TestClient, method: str, path: str,
                                        answers: dict[str, str | None]) -> None:
    documented = small_uploads.get("/openapi.json").json()
    route = documented["paths"][path][method]
    assert route["summary"] and route["tags"] == ["jobs"]
    assert {code: _schema_of(route["responses"][code]) for code in answers} == answers
    job = documented["components"]["schemas"]["JobOut"]["properties"]
    assert set(job) == {"id", "status", "rows_done", "fraction", "error", "file_name",
                        "created_at"}


@pytest.mark.parametrize("credentials", [[], [(b"authorization", b"Bearer henno_made_up")]])
def test_a_strangers_job_upload_is_refused_before_its_body_is_read(
        door: Door, credentials: list[tuple[bytes, bytes]]) -> None:
    assert asgi_post(door, "/v1/jobs", credentials) == (401, 0)


def test_an_expired_job_is_404_and_audited(door: Door, monkeypatch: pytest.MonkeyPatch) -> None:
    door.log_in(CLERK)
    job_id = _page_job(door)  # uploaded, never queued: no worker shares the clock turned here
    assert door.client.get(f"/v1/jobs/{job_id}").status_code == 200
    work = door.client.app.state.ui.work  # type: ignore[attr-defined]
    later = work.now() + timedelta(hours=2, minutes=1)
    monkeypatch.setattr(work, "_clock", lambda: later)
    response = door.client.get(f"/v1/jobs/{job_id}")
    assert (response.status_code, response.json()) == (404, GONE)
    assert door.client.get("/v1/jobs").json() == {"jobs": []}
    assert {"what": "api_job_status", "job_id": job_id} in _refusals(door)
