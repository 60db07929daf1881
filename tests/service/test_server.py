"""The real server started with `henno serve` on a free loopback port."""

import http.client
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from henno.accounts import Role
from henno.model import store
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.security.load import reload_under_load
from tests.service.accounts import add_key, bearer
from tests.service.live import request, serve

OTHER_VERSION = "20990101T000000Z-0a0b0c"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory,
           small_model: TrainResult) -> Iterator[tuple[int, Path]]:
    models = tmp_path_factory.mktemp("served-models")
    install_model(small_model, models)
    clone_version(models, small_model.version, OTHER_VERSION)
    with serve(models) as (port, _):
        yield port, models


def test_serve_classifies_over_http(server: tuple[int, Path], small_model: TrainResult) -> None:
    port, _ = server
    status, body = request(port, "POST", "/v1/classify", {"text": "転勤で引っ越します"})
    assert status == 200
    assert body["model_version"] == small_model.version


def test_serve_reloads_with_an_admin_key(tmp_path: Path, small_model: TrainResult) -> None:
    models = tmp_path / "models"
    install_model(small_model, models)
    clone_version(models, small_model.version, OTHER_VERSION)
    keys: list[str] = []
    with serve(models, before_start=lambda url: keys.append(add_key(url, "ops", Role.ADMIN))
               ) as (port, _):
        assert request(port, "POST", "/v1/admin/reload")[0] == 401
        store.set_current(models, OTHER_VERSION)
        status, body = request(port, "POST", "/v1/admin/reload", headers=bearer(keys[0]))
        assert status == 200 and body["model_version"] == OTHER_VERSION


def test_reload_under_load_fails_no_request(server: tuple[int, Path],
                                            small_model: TrainResult) -> None:
    port, models = server
    outcomes = reload_under_load(port, models, [small_model.version, OTHER_VERSION] * 3, 0.4)
    assert outcomes.successes() > 50
    assert outcomes.failures() == 0


def model_gauge(port: int) -> dict[str, float]:
    """henno_model_info by version: 1 while any live worker serves it (livemax)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/metrics")  # open: HENNO_METRICS_PUBLIC=true
        text = connection.getresponse().read().decode()
    finally:
        connection.close()
    return {line.split('"')[1]: float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
            if line.startswith("henno_model_info{")}


def wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_every_worker_follows_a_switch_within_seconds(tmp_path: Path,
                                                      small_model: TrainResult) -> None:
    models = install_model(small_model, tmp_path / "models")
    clone_version(models, small_model.version, OTHER_VERSION)
    old = small_model.version
    with serve(models, workers=2, env={"HENNO_METRICS_PUBLIC": "true"}) as (port, _):
        assert wait_for(lambda: model_gauge(port) == {old: 1.0}, 30)
        store.set_current(models, OTHER_VERSION)  # as `henno models use` does: no worker told
        # Old at 0: no live worker serves it any more (the gauge is a max over workers).
        assert wait_for(lambda: model_gauge(port) == {old: 0.0, OTHER_VERSION: 1.0}, 5)
        answers = [request(port, "POST", "/v1/classify", {"text": "転勤で引っ越します"})
                   for _ in range(20)]  # a new connection each: both workers answer
        assert {body["model_version"] for _, body in answers} == {OTHER_VERSION}
