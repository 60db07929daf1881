"""/metrics: process metrics, drift counters, and with several workers the sum over all."""

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from henno.service.app import create_app
from henno.service.metrics_folder import MULTIPROC_VARIABLE, shared_metrics
from tests.service.conftest import make_settings
from tests.service.live import request, serve

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ["転居のため", "制度が信用できない", "佐藤花子の住所が間違っていた", "不祥事が続いた"]


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


@pytest.fixture
def fresh_client(service_models: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(service_models))) as client:
        yield client


def test_metrics_include_process_metrics(fresh_client: TestClient) -> None:
    found = samples(fresh_client.get("/metrics").text)
    assert found[("process_resident_memory_bytes", ())] > 0
    assert ("process_cpu_seconds_total", ()) in found


def test_metrics_count_flagged_predictions_and_file_rows(fresh_client: TestClient) -> None:
    batch = fresh_client.post("/v1/classify/batch", json={"texts": TEXTS}).json()["results"]
    one = fresh_client.post("/v1/classify", json={"text": "転居のため"}).json()
    upload = "番号,返納理由\r\n1,転居のため\r\n2,\r\n3,制度が不安\r\n".encode()
    assert fresh_client.post("/v1/label-file",
                             files={"file": ("forms.csv", upload)}).status_code == 200
    found = samples(fresh_client.get("/metrics").text)
    flagged = sum(r["needs_review"] for r in batch) + one["needs_review"]
    assert found[("henno_predictions_flagged_total", ())] >= flagged + 1  # + the blank row
    assert found[("henno_file_rows_total", ())] == 3
    by_label = sum(v for (name, _), v in found.items() if name == "henno_predictions_total")
    assert by_label == len(TEXTS) + 1 + 2  # the file's blank row has no label


def test_shared_metrics_folder_lives_under_state_and_goes_away(tmp_path: Path) -> None:
    with shared_metrics(tmp_path / "state", 2) as folder:
        assert folder is not None and folder.parent == tmp_path / "state"
        assert folder.is_dir()
    assert not folder.exists()
    with shared_metrics(tmp_path / "state", 1) as none:
        assert none is None


def _scrape(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/metrics")
        return connection.getresponse().read().decode()
    finally:
        connection.close()


def _worker_pids(found: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> set[str]:
    return {dict(labels)["pid"] for name, labels in found
            if name == "process_resident_memory_bytes"}


def test_two_workers_answer_metrics_for_both(service_models: Path) -> None:
    requests = 40
    with serve(service_models, workers=2) as (port, _):
        deadline = time.monotonic() + 120  # the second worker may still be starting
        while len(_worker_pids(samples(_scrape(port)))) < 2:
            assert time.monotonic() < deadline, "the second worker never started"
            time.sleep(0.5)
        for _ in range(requests):  # a new connection each: both workers take some
            assert request(port, "POST", "/v1/classify", {"text": "転居のため"})[0] == 200
        key = ("henno_requests_total", (("route", "/v1/classify"), ("status", "200")))
        for _ in range(6):  # whichever worker answers
            found = samples(_scrape(port))
            assert found[key] == requests
            assert sum(v for (name, _), v in found.items()
                       if name == "henno_predictions_total") == requests
            assert len(_worker_pids(found)) == 2


def test_a_worker_leaving_stops_naming_its_model(tmp_path: Path) -> None:
    # prometheus_client picks its storage at import: a fresh interpreter with the folder set.
    script = ("from henno.service.metrics import Metrics\n"
              "m = Metrics()\nm.set_model('v1')\nm.set_model('v2')\n"
              "print(m.exposition().decode())\nm.close()\nprint('=====')\n"
              "print(m.exposition().decode())")
    env = {**os.environ, MULTIPROC_VARIABLE: str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=60, check=True)
    serving, gone = (samples(text) for text in result.stdout.split("====="))
    assert serving[("henno_model_info", (("version", "v2"),))] == 1
    assert serving[("henno_model_info", (("version", "v1"),))] == 0
    assert not [name for name, _ in gone if name == "henno_model_info"]
