"""Hostile JSON bodies against the real server: the event loop keeps answering /healthz.

Before the fix, `{"texts": [1, 1, …]}` (2 MB) held the event loop for about 7 s while
pydantic built a million errors, and 300,000 unknown keys held it for 1.7 s.
"""

import http.client
import threading
import time
from collections.abc import Iterator

import pytest

from henno.training.train import TrainResult
from tests.conftest import install_model
from tests.service.live import serve

# Generous on a shared 2-core machine: the point is seconds before, milliseconds after.
HEALTHZ_BUDGET_SECONDS = 1.0


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory, small_model: TrainResult) -> Iterator[int]:
    models = tmp_path_factory.mktemp("body-models")
    install_model(small_model, models)
    with serve(models) as (live_port, _):
        yield live_port


def _post(port: int, path: str, body: bytes) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", path, body=body, headers={"content-type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _healthz_seconds(port: int) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        started = time.perf_counter()
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        return time.perf_counter() - started
    finally:
        connection.close()


def _many_ints(count: int) -> bytes:
    return b'{"texts": [' + b",".join([b"1"] * count) + b"]}"


def _many_keys(count: int) -> bytes:
    return b'{"text": "a", ' + b", ".join(b'"k%d": 1' % i for i in range(count)) + b"}"


@pytest.mark.parametrize(("path", "body"), [
    ("/v1/classify/batch", _many_ints(1_000_000)),
    ("/v1/classify", _many_keys(300_000)),
])
def test_healthz_answers_while_a_hostile_body_is_refused(port: int, path: str,
                                                         body: bytes) -> None:
    statuses: list[int] = []
    hostile = threading.Thread(target=lambda: statuses.append(_post(port, path, body)))
    hostile.start()
    latencies = [_healthz_seconds(port)]
    while hostile.is_alive():
        latencies.append(_healthz_seconds(port))
    hostile.join()
    assert statuses and 400 <= statuses[0] < 500
    assert max(latencies) < HEALTHZ_BUDGET_SECONDS, latencies
