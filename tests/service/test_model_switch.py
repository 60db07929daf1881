"""POST /v1/admin/switch serves the version at once; a switch made elsewhere reaches this
worker through its follower, never through a page request."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from henno.accounts import Role
from henno.model import store
from henno.model.artifacts import ARTIFACT_FILE
from henno.service.app import create_app
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.service.accounts import add_key, bearer
from tests.service.conftest import make_settings

NEW = "20990101T000000Z-0a0b0c"
BROKEN = "20990101T000000Z-bad000"
NO_KEY = {"authorization": ""}


@pytest.fixture
def models(tmp_path: Path, small_model: TrainResult) -> Path:
    folder = install_model(small_model, tmp_path / "models")
    clone_version(folder, small_model.version, NEW)
    clone_version(folder, small_model.version, BROKEN)
    (folder / BROKEN / ARTIFACT_FILE).write_bytes(b"tampered")
    return folder


@pytest.fixture
def app(models: Path) -> FastAPI:
    # The follower's own ticks never come within a test: each test triggers its look.
    return create_app(make_settings(models, model_check_seconds=300))


@pytest.fixture
def client(app: FastAPI, models: Path) -> Iterator[TestClient]:
    """A program holding an admin key."""
    key = add_key(make_settings(models).review_database_url(), "ops", Role.ADMIN)
    with TestClient(app, headers=bearer(key)) as test_client:
        yield test_client


def served(client: TestClient) -> str:
    version: str = client.post("/v1/classify", json={"text": "転勤で引っ越します"}).json()[
        "model_version"]
    return version


def gauge(client: TestClient) -> dict[str, float]:
    """henno_model_info by version, from /metrics."""
    values = {}
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("henno_model_info{"):
            name, value = line.split(" ")
            values[name.split('"')[1]] = float(value)
    return values


def test_switch_serves_the_version_at_once(client: TestClient, models: Path,
                                           small_model: TrainResult) -> None:
    response = client.post("/v1/admin/switch", json={"version": NEW})
    assert response.status_code == 200
    assert response.json() == {"model_version": NEW, "previous_version": small_model.version}
    assert store.current_version(models) == NEW
    assert served(client) == NEW
    assert gauge(client) == {small_model.version: 0.0, NEW: 1.0}


@pytest.mark.parametrize(("body", "status", "code", "message"), [
    ({"version": "20990101T000000Z-ffffff"}, 404, "model_not_found",
     "no model version 20990101T000000Z-ffffff"),
    ({"version": "../../etc"}, 404, "model_not_found", "no model version ../../etc"),
    ({"version": BROKEN}, 409, "switch_failed",
     f"switch failed: {BROKEN}/model.joblib does not match the sha256 recorded when it was "
     "trained (modified or truncated); refusing to load it; still serving {small}"),
])
def test_switch_refuses_a_version_it_cannot_serve(client: TestClient, models: Path,
                                                  small_model: TrainResult, body: dict[str, Any],
                                                  status: int, code: str, message: str) -> None:
    response = client.post("/v1/admin/switch", json=body)
    assert response.status_code == status
    assert response.json() == {"error": {
        "code": code, "message": message.format(small=small_model.version)}}
    assert store.current_version(models) == small_model.version
    assert served(client) == small_model.version


@pytest.mark.parametrize(("body", "headers", "status"), [
    ({"version": NEW}, NO_KEY, 401),
    ({"version": NEW, "force": True}, {}, 422),
    ({}, {}, 422),
])
def test_switch_refuses_bad_requests(client: TestClient, models: Path, small_model: TrainResult,
                                     body: dict[str, Any], headers: dict[str, str],
                                     status: int) -> None:
    assert client.post("/v1/admin/switch", json=body, headers=headers).status_code == status
    assert store.current_version(models) == small_model.version


def test_a_switch_made_elsewhere_is_served_after_the_followers_look(
        client: TestClient, app: FastAPI, models: Path, small_model: TrainResult) -> None:
    store.set_current(models, NEW)  # another worker, another machine, `henno models use`
    assert client.get("/").status_code == 200  # a page request no longer reloads
    assert served(client) == small_model.version
    client.portal.call(app.state.follower.check)  # type: ignore[union-attr]
    assert served(client) == NEW
    assert gauge(client) == {small_model.version: 0.0, NEW: 1.0}


def test_a_broken_current_keeps_the_old_model_serving(client: TestClient, app: FastAPI,
                                                      models: Path,
                                                      small_model: TrainResult) -> None:
    store.set_current(models, BROKEN)
    client.portal.call(app.state.follower.check)  # type: ignore[union-attr]
    assert served(client) == small_model.version
    assert gauge(client) == {small_model.version: 1.0}
