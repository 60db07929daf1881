from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.model import store
from henno.model.artifacts import ARTIFACT_FILE
from henno.model.labels import LABELS
from henno.service.app import create_app
from henno.service.errors import without_server_paths
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.service.conftest import ADMIN_TOKEN, make_settings


def test_model_metadata(client: TestClient, small_model: TrainResult) -> None:
    body = client.get("/v1/model").json()
    assert body["version"] == small_model.version
    assert body["metrics"]["test"]["macro_f1"] == small_model.test_metrics["macro_f1"]
    assert set(body["review"]["thresholds"]) == {"min_confidence", "min_margin"}


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
def own_client(own_models: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(own_models))) as test_client:
        yield test_client


@pytest.mark.parametrize(("headers", "status", "code"), [
    ({}, 401, "unauthorized"),
    ({"authorization": ADMIN_TOKEN}, 401, "unauthorized"),
    ({"authorization": "Basic " + ADMIN_TOKEN}, 401, "unauthorized"),
    ({"authorization": "Bearer wrong"}, 403, "forbidden"),
    ({"authorization": "Bearer " + ADMIN_TOKEN[:-1]}, 403, "forbidden"),
    ({"authorization": "Bearer " + ADMIN_TOKEN + "0"}, 403, "forbidden"),
])
def test_reload_refuses_bad_tokens(own_client: TestClient, headers: dict[str, str], status: int,
                                   code: str) -> None:
    response = own_client.post("/v1/admin/reload", headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_reload_is_disabled_without_a_configured_token(own_models: Path) -> None:
    settings = make_settings(own_models)
    settings.admin_token = None
    with TestClient(create_app(settings)) as test_client:
        response = test_client.post("/v1/admin/reload",
                                    headers={"authorization": "Bearer anything"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "admin_disabled"


def test_reload_swaps_in_the_current_model(own_client: TestClient, own_models: Path,
                                           small_model: TrainResult) -> None:
    new = "20990101T000000Z-abcdef"
    clone_version(own_models, small_model.version, new)
    store.set_current(own_models, new)
    response = own_client.post("/v1/admin/reload",
                               headers={"authorization": f"Bearer {ADMIN_TOKEN}"})
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
    response = own_client.post("/v1/admin/reload",
                               headers={"authorization": f"Bearer {ADMIN_TOKEN}"})
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
