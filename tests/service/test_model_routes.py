from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.accounts import Role
from henno.model import store
from henno.model.artifacts import ARTIFACT_FILE
from henno.model.labels import LABELS
from henno.service.app import create_app
from henno.service.errors import without_server_paths
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.service.accounts import add_key, bearer
from tests.service.conftest import make_settings


def test_model_metadata(client: TestClient, small_model: TrainResult) -> None:
    body = client.get("/v1/model").json()
    assert body["version"] == small_model.version
    assert body["metrics"]["test"]["macro_f1"] == small_model.test_metrics["macro_f1"]
    assert set(body["review"]["thresholds"]) == {"min_confidence", "min_confidence_by_label",
                                                 "min_margin"}


def test_labels(client: TestClient) -> None:
    body = client.get("/v1/labels").json()
    assert [item["id"] for item in body] == list(LABELS)
    assert body[3]["ja"] == "転居"


@pytest.fixture
def own_models(tmp_path: Path, small_model: TrainResult) -> Path:
    models = tmp_path / "models"
    install_model(small_model, models)
    return models


@pytest.fixture
def keys(own_models: Path) -> dict[Role, str]:
    """An admin and a clerk API key in the database the app will open."""
    url = make_settings(own_models).review_database_url()
    return {role: add_key(url, f"ops-{role}", role) for role in Role}


@pytest.fixture
def own_client(own_models: Path, keys: dict[Role, str]) -> Iterator[TestClient]:
    """A program holding the admin key."""
    with TestClient(create_app(make_settings(own_models)),
                    headers=bearer(keys[Role.ADMIN])) as test_client:
        yield test_client


@pytest.mark.parametrize(("authorization", "status", "code"), [
    ("", 401, "unauthorized"),
    ("{admin}", 401, "unauthorized"),
    ("Basic {admin}", 401, "unauthorized"),
    ("Bearer wrong", 401, "unauthorized"),
    ("Bearer {admin_cut}", 401, "unauthorized"),  # the key's last character missing
    ("Bearer {admin}0", 401, "unauthorized"),
    ("Bearer {clerk}", 403, "forbidden"),
])
def test_reload_refuses_a_missing_wrong_or_clerk_key(
        own_client: TestClient, keys: dict[Role, str], authorization: str, status: int,
        code: str) -> None:
    admin = keys[Role.ADMIN]
    value = authorization.format(admin=admin, admin_cut=admin[:-1], clerk=keys[Role.CLERK])
    response = own_client.post("/v1/admin/reload", headers={"authorization": value})
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_reload_swaps_in_the_current_model(own_client: TestClient, own_models: Path,
                                           small_model: TrainResult) -> None:
    new = "20990101T000000Z-abcdef"
    clone_version(own_models, small_model.version, new)
    store.set_current(own_models, new)
    response = own_client.post("/v1/admin/reload")
    assert response.status_code == 200
    assert response.json() == {"model_version": new, "previous_version": small_model.version}
    assert own_client.post("/v1/classify", json={"text": "転居"}).json()["model_version"] == new
    assert f'henno_model_info{{version="{new}"}} 1.0' in own_client.get("/metrics").text


def test_a_failed_reload_keeps_the_old_model(own_client: TestClient, own_models: Path,
                                             small_model: TrainResult) -> None:
    broken = "20990101T000000Z-bad000"
    clone_version(own_models, small_model.version, broken)
    (own_models / broken / ARTIFACT_FILE).write_bytes(b"tampered")
    store.set_current(own_models, broken)
    response = own_client.post("/v1/admin/reload")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "reload_failed"
    assert error["message"] == (
        f"reload failed: {broken}/model.joblib does not match the sha256 recorded when it was "
        "trained (modified or truncated); refusing to load it; still serving "
        f"{small_model.version}")
    answer = own_client.post("/v1/classify", json={"text": "転居"})
    assert answer.status_code == 200
    assert answer.json()["model_version"] == small_model.version


@pytest.mark.parametrize(("message", "shown"), [
    ("{models}/v1/model.joblib is missing", "v1/model.joblib is missing"),
    ("cannot read {models}/current: [Errno 13] Permission denied: '{models}/current'",
     "cannot read current: [Errno 13] Permission denied: 'current'"),
    ("no model version v in {models}", "no model version v in the models folder"),
    ("could not load /usr/lib/x/y.so: bad", "could not load y.so: bad"),
    ("v1/sub/model.joblib is missing", "v1/sub/model.joblib is missing"),
])
def test_error_messages_show_no_server_path(tmp_path: Path, message: str, shown: str) -> None:
    models = tmp_path / "models"
    assert without_server_paths(message.format(models=models), models) == shown


def test_a_tampered_model_is_refused_at_start(own_models: Path, small_model: TrainResult,
                                              caplog: pytest.LogCaptureFixture) -> None:
    (own_models / small_model.version / ARTIFACT_FILE).write_bytes(b"tampered")
    with TestClient(create_app(make_settings(own_models))) as test_client:
        assert test_client.get("/readyz").status_code == 503
        response = test_client.post("/v1/classify", json={"text": "転居"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "model_not_loaded"
    assert any("no model loaded at start" in r.getMessage() for r in caplog.records)
