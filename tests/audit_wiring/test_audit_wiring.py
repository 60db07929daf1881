"""What the service writes to the audit trail, in whose name, with which outcome: the API's
labelled files, the page's downloads, review decisions and undos, retraining, version
switches, purges at start. The `door` fixture checks that no reason text got in."""

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from henno.audit import AuditAction, AuditTrail, utc_now
from henno.model.labels import LABELS
from henno.review.db import make_engine, upgrade
from henno.review.redaction import redact_file_name
from henno.review.store import NewItem, ReviewStore
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.security.door import ADMIN, CLERK, OTHER_CLERK, REASONS, Door, door, open_door
from tests.service.ui.conftest import csrf_of
from tests.service.ui.test_files_page import cp932_csv, upload, wait_done

__all__ = ["door"]  # the fixture
FILE_NAME = "佐藤花子_返納届_2026年10月.csv"
FORMS = cp932_csv([("受付番号", "返納理由"), *[(f"R5-{n}", text) for n, text in
                                               enumerate(REASONS, 1)]])
OTHER_VERSION = "20260101T000000Z-abcdef"
_ITEM = re.compile(r'name="item_id" value="(\d+)"')


def _last(door: Door) -> tuple[str | None, str, str, dict[str, str | int]]:
    entry = door.audit.latest(1)[0]
    return entry.actor, entry.action, entry.outcome, entry.objects


def test_label_file_answer_is_recorded_as_a_download(door: Door) -> None:
    response = door.client.post("/v1/label-file", headers=door.as_clerk_key(),
                                files={"file": (FILE_NAME, FORMS)})
    assert response.status_code == 200
    assert _last(door) == ("key:集計", AuditAction.DOWNLOAD, "ok",
                           {"file": redact_file_name(FILE_NAME), "rows": 3, "what": "api"})
    assert "佐藤花子" not in str(_last(door)[3])


def test_label_file_refusal_is_recorded_as_failed(door: Door) -> None:
    response = door.client.post("/v1/label-file", headers=door.as_clerk_key(),
                                files={"file": (FILE_NAME, FORMS)},
                                data={"text_column": "存在しない列"})
    assert response.status_code == 422
    code = response.json()["error"]["code"]
    assert _last(door) == ("key:集計", AuditAction.DOWNLOAD, "failed",
                           {"file": redact_file_name(FILE_NAME), "what": "api", "error": code})


def _labelled_job(door: Door) -> str:
    job_url = upload(door.client, FILE_NAME, FORMS)
    page = door.client.get(job_url).text
    door.client.post(f"{job_url}/start", data={"csrf": csrf_of(page), "text_column": "2"})
    wait_done(door.client, job_url)
    return job_url


DOWNLOADS = {"download": "labelled", "reviewed": "reviewed", "report": "report",
             "reviewed-report": "reviewed_report", "report/summary.csv": "summary.csv"}


def test_page_downloads_are_recorded(door: Door) -> None:
    door.log_in(CLERK)
    job_url = _labelled_job(door)
    job_id = job_url.rsplit("/", 1)[1]
    for path, what in DOWNLOADS.items():
        assert door.client.get(f"{job_url}/{path}").status_code == 200, path
        assert _last(door) == (f"user:{CLERK}", AuditAction.DOWNLOAD, "ok", {
            "file": redact_file_name(FILE_NAME), "rows": 3, "what": what, "job_id": job_id})


def test_another_clerks_download_is_refused_and_recorded(door: Door) -> None:
    door.log_in(CLERK)
    job_url = _labelled_job(door)
    door.client.cookies.clear()
    door.log_in(OTHER_CLERK)
    assert door.client.get(f"{job_url}/download").status_code == 404
    assert _last(door) == (f"user:{OTHER_CLERK}", AuditAction.DOWNLOAD, "refused",
                           {"what": "labelled", "job_id": job_url.rsplit("/", 1)[1]})


def _queue_items(door: Door) -> None:
    store: ReviewStore = door.client.app.state.ui.store  # type: ignore[attr-defined]
    scores = {label: 0.2 for label in LABELS}
    store.add_items([NewItem(text, "other", scores, FILE_NAME, row)
                     for row, text in enumerate(REASONS, 2)])


def test_review_decisions_and_undos_are_recorded(door: Door) -> None:
    _queue_items(door)
    door.log_in(CLERK)
    found = _ITEM.search(door.client.get("/review").text)
    assert found
    item_id, csrf = int(found.group(1)), csrf_of(door.client.get("/review").text)
    door.client.post("/review/decide", data={"item_id": str(item_id), "label": "scandal",
                                             "csrf": csrf})
    assert _last(door) == (f"user:{CLERK}", AuditAction.REVIEW_DECISION, "ok",
                           {"item_id": item_id, "label": "scandal"})
    door.client.post("/review/undo", data={"item_id": str(item_id), "csrf": csrf})
    assert _last(door) == (f"user:{CLERK}", AuditAction.REVIEW_UNDO, "ok", {"item_id": item_id})
    door.client.post("/review/undo", data={"item_id": str(item_id), "csrf": csrf})
    assert _last(door) == (f"user:{CLERK}", AuditAction.REVIEW_UNDO, "refused",
                           {"item_id": item_id})
    door.client.post("/review/decide", data={"item_id": "999", "label": "errors", "csrf": csrf})
    assert _last(door) == (f"user:{CLERK}", AuditAction.REVIEW_DECISION, "refused",
                           {"item_id": 999, "label": "errors"})


@pytest.fixture
def two_versions_door(tmp_path: Path, small_model: TrainResult, small_data: tuple[Path, Path],
                      caplog: pytest.LogCaptureFixture) -> Iterator[Door]:
    models = tmp_path / "models"
    install_model(small_model, models)
    clone_version(models, small_model.version, OTHER_VERSION)
    with open_door(models, tmp_path / "state", small_data, caplog) as opened:
        yield opened


def test_version_switches_are_recorded(two_versions_door: Door,
                                       small_model: TrainResult) -> None:
    door = two_versions_door
    door.log_in(ADMIN)
    csrf = csrf_of(door.client.get("/model").text)
    door.client.post("/model/use", data={"version": OTHER_VERSION, "csrf": csrf})
    assert _last(door) == (f"user:{ADMIN}", AuditAction.VERSION_SWITCH, "ok", {
        "from_version": small_model.version, "to_version": OTHER_VERSION})
    door.client.post("/model/use", data={"version": "no-such-version", "csrf": csrf})
    assert _last(door) == (f"user:{ADMIN}", AuditAction.VERSION_SWITCH, "failed", {
        "from_version": OTHER_VERSION, "to_version": "no-such-version"})
    door.client.cookies.clear()  # the key alone: a session would name the user
    door.client.post("/v1/admin/switch", headers=door.as_admin_key(),
                     json={"version": small_model.version})
    assert _last(door) == ("key:運用", AuditAction.VERSION_SWITCH, "ok", {
        "from_version": OTHER_VERSION, "to_version": small_model.version})


def test_retraining_request_is_recorded(door: Door) -> None:
    door.log_in(ADMIN)
    csrf = csrf_of(door.client.get("/model").text)
    door.client.post("/model/retrain", data={"csrf": csrf})
    assert _last(door)[:3] == (f"user:{ADMIN}", AuditAction.RETRAIN, "ok")


def test_start_purges_old_review_items_and_audit_entries(
        tmp_path: Path, service_models: Path, small_data: tuple[Path, Path],
        caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'state' / 'henno.db'}"
    upgrade(url)
    with ReviewStore.open(url) as store:
        old = store.add_items([NewItem(REASONS[0], "other", {"other": 0.5}, FILE_NAME, 2)],
                              now=_days_ago(400))
        store.add_items([NewItem(REASONS[1], "other", {"other": 0.5}, FILE_NAME, 3)])
    assert old == 1
    AuditTrail(make_engine(url), clock=lambda: _days_ago(800)).record(
        "user:佐藤花子", AuditAction.LOGIN)
    with open_door(service_models, tmp_path / "state", small_data, caplog) as door:
        actions = [(e.actor, e.action, e.objects) for e in door.audit.latest(100)]
    assert (None, AuditAction.PURGE, {"review_items": 1, "retention_days": 365}) in actions
    assert (None, AuditAction.AUDIT_PURGED, {"rows": 1, "retention_days": 730}) in actions
    assert ("user:佐藤花子", AuditAction.LOGIN, {}) not in actions


def _days_ago(days: int) -> datetime:
    return utc_now() - timedelta(days=days)
