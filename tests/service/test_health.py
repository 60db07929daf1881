import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from henno.service.app import create_app
from henno.service.observability import JsonFormatter
from tests.service.conftest import make_settings


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_with_a_model(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def test_without_a_model_the_service_runs_but_is_not_ready(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path))) as test_client:
        assert test_client.get("/healthz").status_code == 200
        assert test_client.get("/readyz").status_code == 503
        response = test_client.post("/v1/classify", json={"text": "転居"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "model_not_loaded"


def test_metrics_count_requests_predictions_and_model(client: TestClient) -> None:
    client.post("/v1/classify", json={"text": "転居のため"})
    client.post("/v1/classify", json={"text": ""})
    text = client.get("/metrics").text
    assert 'henno_requests_total{route="/v1/classify",status="200"}' in text
    assert 'henno_requests_total{route="/v1/classify",status="422"}' in text
    assert 'henno_request_seconds_bucket{le="0.005",route="/v1/classify"}' in text
    assert "henno_predictions_total{label=" in text
    assert "henno_model_info{version=" in text


def test_access_log_is_json_without_the_text(client: TestClient,
                                             caplog: pytest.LogCaptureFixture) -> None:
    secret = "山田花子 090-0000-1234 転居のため"
    with caplog.at_level(logging.INFO, logger="henno.access"):
        client.post("/v1/classify", json={"text": secret}, headers={"x-request-id": "req-42"})
        client.post("/v1/classify", json={"text": secret, "oops": 1})
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    first = next(line for line in lines if line.get("request_id") == "req-42")
    assert first["route"] == "/v1/classify" and first["status"] == 200
    assert first["text_length"] == len(secret) and first["label"]
    assert first["latency_ms"] > 0
    assert all("山田" not in json.dumps(line, ensure_ascii=False) for line in lines)
    assert all("090-0000" not in json.dumps(line, ensure_ascii=False) for line in lines)


def test_bodies_over_the_limit_are_refused_unread(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_json_bytes=1000)
    with TestClient(create_app(settings)) as test_client:
        declared = test_client.post("/v1/classify", content=b"{" + b" " * 2000 + b"}",
                                    headers={"content-type": "application/json"})

        def chunks() -> Iterator[bytes]:
            for _ in range(10):
                yield b" " * 500

        streamed = test_client.post("/v1/classify", content=chunks(),
                                    headers={"content-type": "application/json"})
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["error"] == {
            "code": "payload_too_large",
            "message": "the request body is larger than the limit of 1000 bytes"}


def test_openapi_has_japanese_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").text
    body = json.loads(schema)["paths"]["/v1/classify"]["post"]["requestBody"]
    assert "引っ越す" in body["content"]["application/json"]["schema"]["examples"][0]["text"]
    assert client.get("/docs").status_code == 200
