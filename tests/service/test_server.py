"""The real server started with `henno serve` on a free loopback port."""

import http.client
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model import store
from tests.service.live import ADMIN_TOKEN, request, serve
from tests.service.test_model_routes import _clone_version
from training.train import TrainResult

OTHER_VERSION = "20990101T000000Z-0a0b0c"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory,
           small_model: TrainResult) -> Iterator[tuple[int, Path]]:
    models = tmp_path_factory.mktemp("served-models")
    shutil.copytree(small_model.path, models / small_model.version)
    _clone_version(models, small_model.version, OTHER_VERSION)
    store.set_current(models, small_model.version)
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


def _classify_loop(port: int, stop: threading.Event, outcomes: list[int]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    payload = json.dumps({"text": "不祥事が続いたので返納します"}).encode()
    while not stop.is_set():
        try:
            connection.request("POST", "/v1/classify", body=payload,
                               headers={"content-type": "application/json"})
            response = connection.getresponse()
            response.read()
            outcomes.append(response.status)
        except OSError:
            outcomes.append(-1)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.close()


def test_reload_under_load_fails_no_request(server: tuple[int, Path],
                                            small_model: TrainResult) -> None:
    port, models = server
    auth = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    stop, outcomes = threading.Event(), []  # type: ignore[var-annotated]
    clients = [threading.Thread(target=_classify_loop, args=(port, stop, outcomes))
               for _ in range(8)]
    for thread in clients:
        thread.start()
    try:
        for version in [small_model.version, OTHER_VERSION] * 3:
            store.set_current(models, version)
            assert request(port, "POST", "/v1/admin/reload", headers=auth)[0] == 200
            time.sleep(0.4)
    finally:
        stop.set()
        for thread in clients:
            thread.join(timeout=15)
    assert len(outcomes) > 50
    assert set(outcomes) == {200}
