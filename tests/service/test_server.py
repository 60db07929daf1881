"""The real server started with `henno serve` on a free loopback port."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from henno.model import store
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model
from tests.security.load import reload_under_load
from tests.service.live import ADMIN_TOKEN, request, serve

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


def test_serve_reloads_with_the_token(server: tuple[int, Path]) -> None:
    port, models = server
    auth = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    assert request(port, "POST", "/v1/admin/reload")[0] == 401
    store.set_current(models, OTHER_VERSION)
    status, body = request(port, "POST", "/v1/admin/reload", headers=auth)
    assert status == 200 and body["model_version"] == OTHER_VERSION


def test_reload_under_load_fails_no_request(server: tuple[int, Path],
                                            small_model: TrainResult) -> None:
    port, models = server
    outcomes = reload_under_load(port, models, [small_model.version, OTHER_VERSION] * 3, 0.4)
    assert outcomes.successes() > 50
    assert outcomes.failures() == 0
